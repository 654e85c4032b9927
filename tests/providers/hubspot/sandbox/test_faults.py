"""Each injected fault rule, through both ways of reaching the app."""

from __future__ import annotations

import httpx
import pytest

from revops_as_code.errors import UsageError
from revops_as_code.providers.hubspot.sandbox import FaultRule

from .conftest import MakeClient

OWNERS = "/crm/v3/owners"
P = "/crm/v3/properties/contacts"
NEW = {
    "name": "tier",
    "label": "Tier",
    "type": "string",
    "fieldType": "text",
    "groupName": "contactinformation",
}


def test_status_for_the_nth_matching_request(make_client: MakeClient) -> None:
    rule = FaultRule(kind="status", status=503, method="GET", path="/crm/v3/owners*", nth=2)
    client = make_client(faults=(rule,))
    assert client.get("/crm/v3/properties/contacts").status_code == 200  # does not match
    statuses = [client.get(OWNERS).status_code for _ in range(3)]
    assert statuses == [200, 503, 200]


def test_status_repeats_times(make_client: MakeClient) -> None:
    client = make_client(faults=(FaultRule(kind="status", status=502, nth=1, times=2),))
    assert [client.get(OWNERS).status_code for _ in range(3)] == [502, 502, 200]


def test_delay_past_the_client_timeout(make_client: MakeClient) -> None:
    client = make_client(faults=(FaultRule(kind="delay", delay_seconds=0.5, path=OWNERS),))
    with pytest.raises(httpx.ReadTimeout):
        client.get(OWNERS, timeout=0.05)
    assert client.get(OWNERS).status_code == 200  # the rule fired once


def test_reset_after_the_write_committed(make_client: MakeClient) -> None:
    client = make_client(faults=(FaultRule(kind="reset", method="POST", path=P),))
    with pytest.raises(httpx.RemoteProtocolError):
        client.post(P, json=NEW)
    # the ambiguous failure: the property was created anyway
    assert client.get(P + "/tier").status_code == 200
    assert client.post(P, json=NEW).status_code == 409


def test_token_expiry_after_n_calls(make_client: MakeClient) -> None:
    client = make_client(faults=(FaultRule(kind="token_expiry", nth=3),))
    assert [client.get(OWNERS).status_code for _ in range(2)] == [200, 200]
    expired = client.get(OWNERS)
    assert expired.status_code == 401 and expired.json()["category"] == "EXPIRED_AUTHENTICATION"
    assert client.get(OWNERS).status_code == 401  # stays expired


def test_rate_limit_storm(make_client: MakeClient) -> None:
    client = make_client(faults=(FaultRule(kind="rate_limit_storm", times=3),))
    storm = [client.get(OWNERS) for _ in range(4)]
    assert [r.status_code for r in storm] == [429, 429, 429, 200]
    assert storm[0].json()["policyName"] == "TEN_SECONDLY_ROLLING"
    assert storm[0].headers["X-HubSpot-RateLimit-Interval-Milliseconds"] == "10000"


def test_parse_command_line_specs() -> None:
    rule = FaultRule.parse("status:status=503,method=POST,path=/crm/v3/properties/*,nth=2")
    assert rule == FaultRule(
        kind="status", status=503, method="POST", path="/crm/v3/properties/*", nth=2
    )
    assert FaultRule.parse('{"kind": "delay", "delay_seconds": 1.5}').delay_seconds == 1.5
    assert FaultRule.parse("token_expiry:nth=5").fires_times == 0
    assert FaultRule.parse("rate_limit_storm:times=3,policy=DAILY").policy == "DAILY"
    assert FaultRule.from_dict(rule.to_dict()) == rule
    assert rule.matches("POST", "/crm/v3/properties/contacts")
    assert not rule.matches("GET", "/crm/v3/properties/contacts")
    for bad in (
        "explode",
        "status:nth=0",
        "status:colour=red",
        "status:nth=two",
        "status:nth",
        "{oops",
        "[1]",
    ):
        with pytest.raises(UsageError):
            FaultRule.parse(bad)
