"""The Salesforce client against httpx.MockTransport: requests, token refresh, SOQL paging,
composite chunking, API usage, the daily-limit stop, retries by method, scrubbing."""

from __future__ import annotations

import logging

import httpx
import pytest

from revops_as_code.errors import (
    AuthenticationError,
    ConflictError,
    ProviderError,
    RateLimitError,
    ServerError,
    TransportError,
    UsageError,
    ValidationFailed,
)
from revops_as_code.providers.salesforce.client import ApiUsage, SalesforceClient
from revops_as_code.providers.salesforce.errors import AmbiguousWriteError

from .client_helpers import INSTANCE, ROOT, SECRET, FakeOrg, body, settings, sf_error


@pytest.fixture
def org() -> FakeOrg:
    return FakeOrg()


def test_get_sends_the_token_to_the_instance_the_token_response_names(org: FakeOrg) -> None:
    org.routes[("GET", "sobjects/Lead/describe")] = httpx.Response(200, json={"name": "Lead"})
    client = org.client(timeout=12)
    assert client.get("sobjects/Lead/describe") == {"name": "Lead"}
    (sent,) = org.requests
    assert str(sent.url) == f"{INSTANCE}{ROOT}sobjects/Lead/describe"
    assert sent.headers["Authorization"] == f"Bearer {org.token()}"
    assert sent.extensions["timeout"] == {"connect": 12, "read": 12, "write": 12, "pool": 12}
    assert client.request_count == 1  # the token request is not an API call
    assert len(org.token_requests) == 1


def test_patch_204_is_none_delete_is_none_post_returns_body(org: FakeOrg) -> None:
    org.routes[("PATCH", "tooling/sobjects/CustomField/00N1")] = httpx.Response(204)
    org.routes[("DELETE", "tooling/sobjects/CustomField/00N1")] = httpx.Response(204)
    org.routes[("POST", "tooling/sobjects/CustomField")] = httpx.Response(
        201, json={"id": "00N2", "success": True, "errors": []}
    )
    client = org.client()
    assert client.patch("tooling/sobjects/CustomField/00N1", {"Metadata": {"label": "X"}}) is None
    assert client.delete("tooling/sobjects/CustomField/00N1") is None
    assert client.post("tooling/sobjects/CustomField", {"FullName": "Lead.X__c"})["id"] == "00N2"
    assert body(org.requests[0]) == {"Metadata": {"label": "X"}}
    assert [r.method for r in org.requests] == ["PATCH", "DELETE", "POST"]
    assert client.request_count == 3


def test_expired_session_gets_one_new_token_and_the_request_is_resent(org: FakeOrg) -> None:
    org.routes[("POST", "tooling/sobjects/CustomField")] = httpx.Response(201, json={"id": "1"})
    client = org.client()
    org.routes[("GET", "limits")] = httpx.Response(200, json={})
    client.get("limits")
    org.expire_tokens()
    assert client.post("tooling/sobjects/CustomField", {"FullName": "Lead.X__c"}) == {"id": "1"}
    assert org.tokens_issued == 2
    assert [r.method for r in org.requests] == ["GET", "POST", "POST"]
    assert org.requests[1].headers["Authorization"] != org.requests[2].headers["Authorization"]
    assert client.request_count == 3


def test_a_fresh_token_refused_too_is_an_authentication_error_and_halts(org: FakeOrg) -> None:
    original = org.__call__

    def always_401(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/services/oauth2/token":
            return original(request)
        org.requests.append(request)
        return sf_error(401, "INVALID_SESSION_ID", "Session expired or invalid")

    client = SalesforceClient(settings(), transport=httpx.MockTransport(always_401))
    with pytest.raises(AuthenticationError) as caught:
        client.get("limits")
    assert caught.value.status == 401
    assert caught.value.code == "INVALID_SESSION_ID"  # type: ignore[attr-defined]
    assert "GET limits" in caught.value.message
    assert caught.value.hint and "Run As" in caught.value.hint and "scope" in caught.value.hint
    assert len(org.requests) == 2 and org.tokens_issued == 2  # one refresh, not a loop
    with pytest.raises(AuthenticationError):
        client.get("sobjects")
    assert len(org.requests) == 2  # halted: nothing more sent


def _page(records: list[int], next_url: str | None) -> httpx.Response:
    return httpx.Response(
        200,
        json={
            "totalSize": 5,
            "done": next_url is None,
            "records": [{"attributes": {"type": "Lead"}, "Id": str(i)} for i in records],
            **({"nextRecordsUrl": next_url} if next_url else {}),
        },
    )


def test_query_follows_next_records_url_and_keeps_attributes(org: FakeOrg) -> None:
    org.routes[("GET", "query")] = _page([1, 2], f"{ROOT}query/01g-2")
    org.routes[("GET", "query/01g-2")] = _page([3, 4], f"{ROOT}query/01g-4")
    org.routes[("GET", "query/01g-4")] = _page([5], None)
    client = org.client()
    records = client.query("SELECT Id FROM Lead", batch_size=200)
    assert [r["Id"] for r in records] == ["1", "2", "3", "4", "5"]
    assert records[0]["attributes"] == {"type": "Lead"}
    assert org.requests[0].url.params["q"] == "SELECT Id FROM Lead"
    assert all(r.headers["Sforce-Query-Options"] == "batchSize=200" for r in org.requests)
    assert client.request_count == 3
    pages = list(org.client().query_pages("SELECT Id FROM Lead"))
    assert [len(p) for p in pages] == [2, 2, 1]


def test_query_routes_tooling_and_query_all(org: FakeOrg) -> None:
    org.routes[("GET", "tooling/query")] = _page([1], None)
    org.routes[("GET", "queryAll")] = _page([2], None)
    client = org.client()
    assert client.query("SELECT Id FROM CustomField", tooling=True)[0]["Id"] == "1"
    assert client.query("SELECT Id FROM Lead", all_rows=True)[0]["Id"] == "2"
    with pytest.raises(ValueError):
        client.query("SELECT Id FROM CustomField", tooling=True, all_rows=True)
    with pytest.raises(ValueError):
        client.query("SELECT Id FROM Lead", batch_size=50)


def test_a_repeated_cursor_stops_instead_of_looping(org: FakeOrg) -> None:
    org.routes[("GET", "query")] = _page([1], f"{ROOT}query/01g-1")
    org.routes[("GET", "query/01g-1")] = _page([2], f"{ROOT}query/01g-1")
    with pytest.raises(ProviderError, match="twice"):
        org.client().query("SELECT Id FROM Lead")
    assert len(org.requests) == 2  # the repeated page is never fetched


def test_count_returns_total_size_in_one_call(org: FakeOrg) -> None:
    org.routes[("GET", "query")] = httpx.Response(
        200, json={"totalSize": 412, "done": True, "records": []}
    )
    client = org.client()
    assert client.count("SELECT COUNT() FROM Opportunity WHERE StageName = 'Demo'") == 412
    assert client.request_count == 1


def test_api_usage_follows_the_last_limit_header(org: FakeOrg) -> None:
    org.routes[("GET", "sobjects")] = [
        httpx.Response(200, json={}, headers={"Sforce-Limit-Info": "api-usage=18/5000"}),
        httpx.Response(
            200,
            json={},
            headers={
                "Sforce-Limit-Info": "api-usage=19/5000; per-app-api-usage=17/250(appName=revops)"
            },
        ),
        httpx.Response(200, json={}),
    ]
    client = org.client()
    assert client.api_usage is None
    client.get("sobjects")
    assert client.api_usage == ApiUsage(18, 5000)
    client.get("sobjects")
    client.get("sobjects")  # no header: the last known usage stays
    assert client.api_usage is not None
    assert (client.api_usage.used, client.api_usage.remaining) == (19, 4981)
    assert client.api_usage.apps[0].name == "revops"


def test_limits_refreshes_usage_and_feeds_the_warning(org: FakeOrg) -> None:
    org.routes[("GET", "limits")] = httpx.Response(
        200, json={"DailyApiRequests": {"Max": 15000, "Remaining": 1000}}
    )
    client = org.client()
    assert client.warn_before(500) is None  # nothing known yet
    assert client.limits()["DailyApiRequests"]["Max"] == 15000
    assert client.api_usage == ApiUsage(14000, 15000)
    assert client.warn_before(50) is None
    warning = client.warn_before(500)
    assert warning and "1,000" in warning and "50%" in warning


def test_daily_limit_is_a_rate_limit_error_never_retried_and_halts(org: FakeOrg) -> None:
    org.routes[("GET", "sobjects")] = httpx.Response(
        200, json={}, headers={"Sforce-Limit-Info": "api-usage=4999/5000"}
    )
    org.routes[("GET", "query")] = sf_error(
        403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."
    )
    client = org.client()
    client.get("sobjects")
    with pytest.raises(RateLimitError) as caught:
        client.query("SELECT Id FROM Lead")
    error = caught.value
    assert error.status == 403 and error.code == "REQUEST_LIMIT_EXCEEDED"  # type: ignore[attr-defined]
    assert "4,999/5,000" in error.message and "GET query" in error.message
    assert error.hint and "24" in error.hint and "raise the limit" in error.hint
    assert len(org.requests) == 2 and org.sleeps == []
    with pytest.raises(RateLimitError):
        client.get("sobjects")
    assert len(org.requests) == 2  # halted: not sent


def test_concurrent_request_limit_does_not_halt(org: FakeOrg) -> None:
    org.routes[("GET", "sobjects")] = [
        sf_error(403, "REQUEST_LIMIT_EXCEEDED", "ConcurrentPerOrgLongTxn Limit exceeded"),
        httpx.Response(200, json={"ok": True}),
    ]
    client = org.client()
    with pytest.raises(RateLimitError) as caught:
        client.get("sobjects")
    assert caught.value.hint and "long-running" in caught.value.hint
    assert client.get("sobjects") == {"ok": True}


def test_reads_retry_5xx_with_backoff_and_honour_retry_after(org: FakeOrg) -> None:
    org.routes[("GET", "sobjects")] = [
        sf_error(503, "SERVER_UNAVAILABLE"),
        httpx.Response(503, headers={"Retry-After": "7"}),
        httpx.Response(200, json={"sobjects": []}),
    ]
    client = org.client()
    assert client.get("sobjects") == {"sobjects": []}
    assert org.sleeps == [0.5, 7.0]
    assert client.request_count == 3


def test_reads_give_up_after_max_retries(org: FakeOrg) -> None:
    org.routes[("GET", "sobjects")] = sf_error(500, "UNKNOWN_EXCEPTION", "boom")
    client = org.client(max_retries=2)
    with pytest.raises(ServerError, match="UNKNOWN_EXCEPTION"):
        client.get("sobjects")
    assert client.request_count == 3 and org.sleeps == [0.5, 1.0]


def test_read_timeouts_are_retried(org: FakeOrg) -> None:
    calls = {"n": 0}

    def flaky(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] == 1:
            raise httpx.ReadTimeout("slow", request=request)
        return httpx.Response(200, json={"ok": 1})

    org.routes[("GET", "sobjects")] = flaky
    assert org.client().get("sobjects") == {"ok": 1}
    assert calls["n"] == 2


@pytest.mark.parametrize("method", ["POST", "PATCH", "DELETE"])
def test_writes_are_never_resent_after_an_ambiguous_failure(org: FakeOrg, method: str) -> None:
    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    org.routes[(method, "tooling/sobjects/CustomField")] = timeout
    client = org.client()
    with pytest.raises(AmbiguousWriteError) as caught:
        client.request(
            method, "tooling/sobjects/CustomField", json={} if method != "DELETE" else None
        )
    assert isinstance(caught.value, TransportError)
    assert f"{method} tooling/sobjects/CustomField" in caught.value.message
    assert client.request_count == 1 and org.sleeps == []

    org.requests.clear()
    org.routes[(method, "tooling/sobjects/CustomField")] = sf_error(500, "UNKNOWN_EXCEPTION")
    with pytest.raises(AmbiguousWriteError) as again:
        client.request(method, "tooling/sobjects/CustomField")
    assert again.value.status == 500 and len(org.requests) == 1


def test_a_write_that_never_connected_is_retried(org: FakeOrg) -> None:
    calls = {"n": 0}

    def refused(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] == 1:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(201, json={"id": "00N"})

    org.routes[("POST", "tooling/sobjects/CustomField")] = refused
    assert org.client().post("tooling/sobjects/CustomField", {})["id"] == "00N"
    assert calls["n"] == 2


def test_429_is_retried_for_any_method_then_a_rate_limit_error(org: FakeOrg) -> None:
    org.routes[("POST", "composite")] = [
        httpx.Response(429, headers={"Retry-After": "2"}),
        httpx.Response(200, json={"compositeResponse": []}),
    ]
    client = org.client()
    assert client.request("POST", "composite", json={}) == {"compositeResponse": []}
    assert org.sleeps == [2.0]
    org.routes[("POST", "composite")] = httpx.Response(429)
    with pytest.raises(RateLimitError):
        client.request("POST", "composite", json={})


def test_validation_and_conflict_errors_are_not_retried(org: FakeOrg) -> None:
    org.routes[("POST", "tooling/sobjects/CustomField")] = [
        sf_error(400, "DUPLICATE_DEVELOPER_NAME", "This field name already exists"),
        httpx.Response(
            400,
            json=[{"message": "bad", "errorCode": "INVALID_FIELD", "fields": ["Metadata.length"]}],
        ),
    ]
    client = org.client()
    with pytest.raises(ConflictError) as conflict:
        client.post("tooling/sobjects/CustomField", {})
    assert conflict.value.code == "DUPLICATE_DEVELOPER_NAME"  # type: ignore[attr-defined]
    with pytest.raises(ValidationFailed, match=r"INVALID_FIELD.*Metadata\.length"):
        client.post("tooling/sobjects/CustomField", {})
    assert client.request_count == 2


def test_secrets_never_reach_errors_or_logs(org: FakeOrg, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="revops_as_code.providers.salesforce")

    def echo(request: httpx.Request) -> httpx.Response:
        token = request.headers["Authorization"]
        return sf_error(400, "INVALID_TYPE", f"saw {token} and {SECRET} and raw {token[7:]}")

    org.routes[("GET", "sobjects")] = echo
    client = org.client()
    with pytest.raises(ValidationFailed) as caught:
        client.get("sobjects")
    text = str(caught.value)
    assert org.token() not in text and SECRET not in text and "***" in text
    assert org.token() not in caplog.text and SECRET not in caplog.text


def test_usage_errors_name_the_setting_and_never_the_secret() -> None:
    with pytest.raises(UsageError, match="instance_url"):
        SalesforceClient({"client_id": "x", "credentials": SECRET})
    with pytest.raises(UsageError, match="client_id") as caught:
        SalesforceClient({"instance_url": INSTANCE, "credentials": SECRET})
    assert SECRET not in str(caught.value)
    with pytest.raises(UsageError, match="credentials_env"):
        SalesforceClient({"instance_url": INSTANCE, "client_id": "x"})
    with pytest.raises(UsageError, match="timeout"):
        SalesforceClient(settings(timeout="soon"))


def test_close_is_idempotent(org: FakeOrg) -> None:
    client = org.client()
    client.close()
    client.close()


def test_request_text_returns_csv_and_headers_with_the_same_retries(org: FakeOrg) -> None:
    csv = 'Id,Name\n"001","Acme"\n'
    org.routes[("GET", "jobs/query/750x/results")] = [
        httpx.Response(503),
        httpx.Response(
            200, text=csv, headers={"Sforce-Locator": "null", "Sforce-NumberOfRecords": "1"}
        ),
    ]
    client = org.client()
    text, headers = client.request_text(
        "GET", "jobs/query/750x/results", params={"maxRecords": "10"}
    )
    assert text == csv and headers["Sforce-Locator"] == "null"
    assert org.requests[-1].headers["Accept"] == "text/csv"
    assert org.requests[-1].url.params["maxRecords"] == "10"
    assert client.request_count == 2


def test_a_write_declared_idempotent_is_retried(org: FakeOrg) -> None:
    org.routes[("PATCH", "composite/sobjects")] = [
        httpx.Response(503),
        httpx.Response(200, json=[{"id": "001", "success": True}]),
    ]
    client = org.client()
    result = client.request("PATCH", "composite/sobjects", json={"records": []}, idempotent=True)
    assert result == [{"id": "001", "success": True}] and client.request_count == 2


def test_a_non_json_success_is_a_server_error(org: FakeOrg) -> None:
    org.routes[("GET", "sobjects")] = httpx.Response(200, text="<html>login</html>")
    with pytest.raises(ServerError, match="not JSON"):
        org.client().get("sobjects")


def test_absolute_urls_only_go_to_the_org(org: FakeOrg) -> None:
    org.routes[("GET", "sobjects")] = httpx.Response(200, json={"ok": 1})
    client = org.client()
    assert client.get(f"{INSTANCE}{ROOT}sobjects") == {"ok": 1}
    with pytest.raises(ValueError, match="another host"):
        client.get("http://127.0.0.2:9/steal")


@pytest.mark.parametrize(
    ("given", "version"),
    [(None, "63.0"), ("62.0", "62.0"), (61, "61.0"), (60.0, "60.0"), ("v59.0", "59.0")],
)
def test_api_version_is_normalised(given: object, version: str) -> None:
    client = SalesforceClient(settings(api_version=given) if given is not None else settings())
    assert client.api_version == version and client.version_root == f"/services/data/v{version}"
    with pytest.raises(UsageError, match="api_version"):
        SalesforceClient(settings(api_version="latest"))
