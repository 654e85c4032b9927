"""Versions, the usage header, the daily allocation as a 403, `limits`, unknown paths."""

from __future__ import annotations

import httpx

from revops_as_code.providers.salesforce.sandbox.config import Limits

from .conftest import Factory, V


def test_versions_50_to_66_are_listed_and_served(client: httpx.Client) -> None:
    listed = client.get("/services/data/").json()
    assert [v["version"] for v in listed] == [f"{n}.0" for n in range(50, 67)]
    assert listed[-1] == {"label": "Spring '26", "url": "/services/data/v66.0", "version": "66.0"}
    assert listed[0]["label"] == "Winter '21"
    assert client.get("/services/data/v50.0/limits").status_code == 200


def test_an_unknown_version_or_path_is_not_found(client: httpx.Client) -> None:
    for path in ("/services/data/v49.0/limits", "/services/data/v67.0/limits", f"{V}/nowhere"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json() == [
            {"message": "The requested resource does not exist", "errorCode": "NOT_FOUND"}
        ]


def test_every_response_reports_api_usage(make_client: Factory) -> None:
    client = make_client(limits=Limits(daily=50, used=10))
    first = client.get(f"{V}/limits")
    assert first.headers["Sforce-Limit-Info"] == "api-usage=11/50"
    assert first.json()["DailyApiRequests"] == {"Max": 50, "Remaining": 39}
    error = client.get(f"{V}/sobjects/Nope/describe")
    assert error.status_code == 404
    assert error.headers["Sforce-Limit-Info"] == "api-usage=12/50"


def test_a_spent_allocation_is_403_request_limit_exceeded(make_client: Factory) -> None:
    client = make_client(limits=Limits(daily=3, used=1))
    assert client.get(f"{V}/limits").status_code == 200
    assert client.get(f"{V}/limits").status_code == 200
    refused = client.get(f"{V}/limits")
    assert refused.status_code == 403
    assert refused.json() == [
        {"message": "TotalRequests Limit exceeded.", "errorCode": "REQUEST_LIMIT_EXCEEDED"}
    ]
    assert refused.headers["Sforce-Limit-Info"] == "api-usage=3/3"
    assert "retry-after" not in refused.headers


def test_a_composite_request_counts_as_one_call(make_client: Factory) -> None:
    client = make_client(limits=Limits(daily=100))
    subrequests = [
        {"method": "GET", "url": f"{V}/limits", "referenceId": f"r{n}"} for n in range(5)
    ]
    response = client.post(f"{V}/composite", json={"compositeRequest": subrequests})
    assert response.status_code == 200
    assert response.headers["Sforce-Limit-Info"] == "api-usage=1/100"
    assert [r["httpStatusCode"] for r in response.json()["compositeResponse"]] == [200] * 5


def test_bad_json_is_a_parser_error(client: httpx.Client) -> None:
    response = client.post(
        f"{V}/tooling/sobjects/CustomField",
        content=b"{not json",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()[0]["errorCode"] == "JSON_PARSER_ERROR"
