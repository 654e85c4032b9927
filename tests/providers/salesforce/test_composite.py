"""Composite chunking (<= 25 subrequests, <= 5 queries per call) and subresponse parsing."""

from __future__ import annotations

import httpx
import pytest

from revops_as_code.errors import (
    ConflictError,
    NotFoundError,
)
from revops_as_code.providers.salesforce.composite import (
    SubRequest,
    SubResponse,
    chunks,
    parse_responses,
)
from revops_as_code.providers.salesforce.errors import AmbiguousWriteError, Scrubber

from .client_helpers import ROOT, FakeOrg, body


@pytest.fixture
def org() -> FakeOrg:
    return FakeOrg()


def _writes(n: int, start: int = 0) -> list[SubRequest]:
    return [
        SubRequest("PATCH", f"tooling/sobjects/CustomField/00N{i}", f"w{i}", {})
        for i in range(start, start + n)
    ]


def _queries(n: int) -> list[SubRequest]:
    return [SubRequest("GET", f"tooling/query?q=SELECT+Id+FROM+X{i}", f"q{i}") for i in range(n)]


def test_chunks_of_25_in_order() -> None:
    requests = _writes(60)
    result = chunks(requests, all_or_none=False)
    assert [len(c) for c in result] == [25, 25, 10]
    assert [r for c in result for r in c] == requests
    assert chunks([], all_or_none=False) == []


def test_at_most_five_queries_per_call() -> None:
    mixed = _queries(7) + _writes(3)
    result = chunks(mixed, all_or_none=False)
    assert [sum(r.is_query() for r in c) for c in result] == [5, 2]
    assert [len(c) for c in result] == [5, 5]
    assert SubRequest("GET", "queryAll?q=x", "a").is_query()
    assert SubRequest("POST", "composite/sobjects", "b").is_query()
    assert not SubRequest("GET", "sobjects/Lead/describe", "c").is_query()


def test_all_or_none_and_references_stay_within_one_call() -> None:
    with pytest.raises(ValueError, match="all_or_none"):
        chunks(_writes(26), all_or_none=True)
    assert len(chunks(_writes(25), all_or_none=True)) == 1
    far = [*_writes(25), SubRequest("PATCH", "sobjects/Lead/@{w0.id}", "late", {})]
    with pytest.raises(ValueError, match="w0"):
        chunks(far, all_or_none=False)
    near = [*_writes(2), SubRequest("PATCH", "x", "ref", {"Parent": "@{w1.id}"})]
    assert len(chunks(near, all_or_none=False)) == 1
    with pytest.raises(ValueError, match="twice"):
        chunks([*_writes(1), *_writes(1)], all_or_none=False)


def test_payload_is_relative_to_the_version_root() -> None:
    request = SubRequest("get", "sobjects/Lead/describe", "lead")
    assert request.payload("/services/data/v63.0") == {
        "method": "GET",
        "url": "/services/data/v63.0/sobjects/Lead/describe",
        "referenceId": "lead",
    }


def test_parse_responses_keeps_the_order_sent_and_types_errors() -> None:
    sent = [SubRequest("GET", "sobjects/A/1", "a"), SubRequest("GET", "sobjects/B/2?x=1", "b")]
    body = {
        "compositeResponse": [
            {
                "referenceId": "b",
                "httpStatusCode": 404,
                "httpHeaders": {},
                "body": [{"message": "gone", "errorCode": "NOT_FOUND"}],
            },
            {
                "referenceId": "a",
                "httpStatusCode": 200,
                "httpHeaders": {"ETag": "1"},
                "body": {"Id": "1"},
            },
        ]
    }
    a, b = parse_responses(body, sent, Scrubber())
    assert (a.reference_id, a.ok(), a.body, a.headers) == ("a", True, {"Id": "1"}, {"ETag": "1"})
    error = b.error()
    assert isinstance(error, NotFoundError) and error.code == "NOT_FOUND"
    assert "GET sobjects/B/2 " in error.message and "x=1" not in error.message
    (missing,) = parse_responses({"compositeResponse": []}, sent[:1], Scrubber())
    assert not missing.ok() and missing.error() is not None


def test_subresponse_is_a_frozen_value() -> None:
    response = SubResponse("r", 204, None, {})
    assert response.ok() and response.error() is None
    with pytest.raises(AttributeError):
        response.status = 500  # type: ignore[misc]


def _composite_echo(request: httpx.Request) -> httpx.Response:
    items = body(request)["compositeRequest"]
    responses = []
    for item in items:
        if item["referenceId"] == "r3":
            responses.append(
                {
                    "referenceId": "r3",
                    "httpStatusCode": 400,
                    "httpHeaders": {},
                    "body": [{"message": "exists", "errorCode": "DUPLICATE_DEVELOPER_NAME"}],
                }
            )
        else:
            responses.append(
                {
                    "referenceId": item["referenceId"],
                    "httpStatusCode": 201,
                    "httpHeaders": {"Location": item["url"]},
                    "body": {"id": item["referenceId"]},
                }
            )
    return httpx.Response(200, json={"compositeResponse": list(reversed(responses))})


def test_composite_chunks_into_25_and_maps_subresponse_errors(org: FakeOrg) -> None:
    org.routes[("POST", "tooling/composite")] = _composite_echo
    client = org.client()
    requests = [
        SubRequest("POST", "tooling/sobjects/CustomField", f"r{i}", {"FullName": f"Lead.F{i}__c"})
        for i in range(30)
    ]
    results = client.composite(requests, tooling=True)
    assert client.request_count == 2
    sent = [body(r) for r in org.requests]
    assert [len(s["compositeRequest"]) for s in sent] == [25, 5]
    assert sent[0]["allOrNone"] is False
    first = sent[0]["compositeRequest"][0]
    assert first == {
        "method": "POST",
        "url": f"{ROOT}tooling/sobjects/CustomField",
        "referenceId": "r0",
        "body": {"FullName": "Lead.F0__c"},
    }
    assert [r.reference_id for r in results] == [f"r{i}" for i in range(30)]
    assert all(r.ok() and r.error() is None for r in results if r.reference_id != "r3")
    error = results[3].error()
    assert isinstance(error, ConflictError) and error.code == "DUPLICATE_DEVELOPER_NAME"
    assert "POST tooling/sobjects/CustomField" in error.message and "r3" in error.message


def test_composite_of_reads_is_retried_a_write_one_is_not(org: FakeOrg) -> None:
    org.routes[("POST", "composite")] = [
        httpx.Response(503),
        httpx.Response(200, json={"compositeResponse": []}),
    ]
    client = org.client()
    reads = [SubRequest("GET", "sobjects/Lead/describe", "lead")]
    client.composite(reads)
    assert client.request_count == 2
    org.routes[("POST", "composite")] = httpx.Response(503)
    with pytest.raises(AmbiguousWriteError):
        client.composite([SubRequest("PATCH", "sobjects/Lead/00Q1", "p", {"Status": "x"})])
    assert client.request_count == 3
