"""Sforce-Limit-Info and /limits parsing, the before-apply warning, Retry-After timing."""

from __future__ import annotations

import httpx
import pytest

from revops_as_code.providers.salesforce.limits import (
    ApiUsage,
    AppUsage,
    backoff,
    parse_limit_info,
    retry_after,
    usage_from_limits,
    warn_before,
)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("api-usage=18/5000", ApiUsage(18, 5000)),
        ("api-usage=10018/100000; api-bursts=1/750", ApiUsage(10018, 100000)),
        (
            "api-usage=25/5000; per-app-api-usage=17/250(appName=sample-connected-app)",
            ApiUsage(25, 5000, (AppUsage("sample-connected-app", 17, 250),)),
        ),
        ("per-app-api-usage=17/250(appName=x)", None),
        ("garbage", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_limit_info(header: str | None, expected: ApiUsage | None) -> None:
    assert parse_limit_info(header) == expected


def test_remaining_and_spent() -> None:
    assert ApiUsage(18, 5000).remaining == 4982
    assert not ApiUsage(18, 5000).spent()
    assert ApiUsage(5000, 5000).spent() and ApiUsage(5003, 5000).remaining == 0
    # A connected app's own quota spent is spent too, whatever the org has left.
    assert ApiUsage(10, 5000, (AppUsage("revops", 250, 250),)).spent()


def test_usage_from_limits() -> None:
    body = {"DailyApiRequests": {"Max": 15000, "Remaining": 14998}, "DataStorageMB": {}}
    assert usage_from_limits(body) == ApiUsage(2, 15000)
    assert usage_from_limits({}) is None
    assert usage_from_limits({"DailyApiRequests": {"Max": "x"}}) is None


def test_warn_before() -> None:
    usage = ApiUsage(used=4000, max=5000)  # 1,000 remain
    assert warn_before(usage, 100) is None  # exactly 10%: fine
    assert warn_before(usage, 0) is None
    assert warn_before(None, 10_000) is None
    share = warn_before(usage, 101)
    assert share and "10%" in share and "1,000" in share
    outright = warn_before(usage, 1000)
    assert outright and "REQUEST_LIMIT_EXCEEDED" in outright and "only 1,000" in outright
    assert usage.warn_before(1000) == outright
    app = ApiUsage(10, 100_000, (AppUsage("revops", 240, 250),))
    warning = app.warn_before(20)
    assert warning and "'revops'" in warning and "only 10" in warning


def _response(**headers: str) -> httpx.Response:
    return httpx.Response(503, headers=headers)


def test_retry_after() -> None:
    assert retry_after(_response()) is None
    assert retry_after(_response(**{"Retry-After": "7"})) == 7.0
    assert retry_after(_response(**{"Retry-After": "-3"})) == 0.0
    dated = _response(
        **{"Retry-After": "Wed, 21 Oct 2026 07:28:30 GMT", "Date": "Wed, 21 Oct 2026 07:28:00 GMT"}
    )
    assert retry_after(dated) == 30.0
    assert retry_after(_response(**{"Retry-After": "Wed, 21 Oct 2026 07:28:30 GMT"})) is None
    assert retry_after(_response(**{"Retry-After": "soon"})) is None


def test_backoff_doubles_and_caps() -> None:
    assert [backoff(n) for n in (1, 2, 3, 4, 5, 6)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
