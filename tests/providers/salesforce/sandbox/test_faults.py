"""Fault rules: their spec syntax and what each does to a request."""

from __future__ import annotations

import httpx
import pytest

from revops_as_code.errors import UsageError
from revops_as_code.providers.salesforce.sandbox.config import FaultRule

from .conftest import Factory, V

FIELD = {
    "FullName": "Account.Region__c",
    "Metadata": {"label": "Region", "type": "Text", "length": 40},
}


def test_short_and_long_specs_parse() -> None:
    rule = FaultRule.parse("500:tooling/sobjects/CustomField")
    assert (rule.kind, rule.status, rule.path) == ("status", 500, "tooling/sobjects/CustomField")
    assert FaultRule.parse("403-limit:query").kind == "limit"
    assert FaultRule.parse("reset:composite@method=POST,nth=2").nth == 2
    latency = FaultRule.parse("latency:1.5:query")
    assert (latency.kind, latency.delay_seconds, latency.path) == ("delay", 1.5, "query")
    assert FaultRule.parse("latency").delay_seconds == 1.0
    assert FaultRule.parse("status:status=503,path=limits,times=0").times == 0
    assert FaultRule.parse('{"kind": "expired", "path": "query"}').kind == "expired"
    for bad in ("explode:query", "500:x@nth=0", "latency:soon", "500:x@colour=red"):
        with pytest.raises(UsageError):
            FaultRule.parse(bad)


def test_a_status_fault_hits_the_matching_path_once(make_client: Factory) -> None:
    client = make_client(faults=(FaultRule.parse("500:tooling/sobjects/CustomField"),))
    assert client.get(f"{V}/limits").status_code == 200
    first = client.post(f"{V}/tooling/sobjects/CustomField", json=FIELD)
    assert first.status_code == 500
    assert first.json()[0]["errorCode"] == "UNKNOWN_EXCEPTION"
    assert "Sforce-Limit-Info" in first.headers
    assert client.post(f"{V}/tooling/sobjects/CustomField", json=FIELD).status_code == 201


def test_limit_and_expired_faults(make_client: Factory) -> None:
    client = make_client(
        faults=(FaultRule.parse("403-limit:query@times=2"), FaultRule.parse("expired:limits"))
    )
    q = {"q": "SELECT Id FROM Account"}
    for _ in range(2):
        refused = client.get(f"{V}/query", params=q)
        assert refused.status_code == 403
        assert refused.json()[0]["errorCode"] == "REQUEST_LIMIT_EXCEEDED"
    assert client.get(f"{V}/query", params=q).status_code == 200
    expired = client.get(f"{V}/limits")
    assert expired.status_code == 401 and expired.json()[0]["errorCode"] == "INVALID_SESSION_ID"
    assert client.get(f"{V}/limits").status_code == 200


def test_a_reset_drops_the_connection_after_the_write(make_client: Factory) -> None:
    client = make_client(
        faults=(FaultRule.parse("reset:tooling/sobjects/CustomField@method=POST"),)
    )
    with pytest.raises(httpx.RemoteProtocolError):
        client.post(f"{V}/tooling/sobjects/CustomField", json=FIELD)
    # The write happened: creating it again is a duplicate.
    again = client.post(f"{V}/tooling/sobjects/CustomField", json=FIELD)
    assert again.json()[0]["errorCode"] == "DUPLICATE_DEVELOPER_NAME"


def test_faults_reach_composite_subrequests(make_client: Factory) -> None:
    client = make_client(faults=(FaultRule.parse("503:tooling/sobjects/CustomField"),))
    response = client.post(
        f"{V}/tooling/composite",
        json={
            "compositeRequest": [
                {
                    "method": "POST",
                    "url": f"{V}/tooling/sobjects/CustomField",
                    "referenceId": "f",
                    "body": FIELD,
                }
            ]
        },
    )
    assert response.status_code == 200
    result = response.json()["compositeResponse"][0]
    assert result["httpStatusCode"] == 503


def test_latency_beyond_the_read_timeout_is_a_timeout(make_client: Factory) -> None:
    client = make_client(faults=(FaultRule.parse("latency:2:limits"),))
    with pytest.raises(httpx.ReadTimeout):
        client.get(f"{V}/limits", timeout=httpx.Timeout(5.0, read=0.2))
