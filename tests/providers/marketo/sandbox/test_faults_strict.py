"""Fault rules (HTTP status, in-body codes, resets) and strict mode."""

from __future__ import annotations

import httpx
import pytest

from revops_as_code.errors import UsageError
from revops_as_code.providers.marketo.sandbox import FaultRule

from .conftest import MakeClient, error_code, ok

FIELDS = "/rest/v1/leads/schema/fields.json"


def test_parse_specs() -> None:
    rule = FaultRule.parse("error:code=606,times=2,path=/rest/v1/leads/*")
    assert (rule.kind, rule.code, rule.times, rule.path) == ("error", "606", 2, "/rest/v1/leads/*")
    assert FaultRule.parse('{"kind": "status", "status": 503}').status == 503
    with pytest.raises(UsageError):
        FaultRule.parse("meltdown")
    with pytest.raises(UsageError):
        FaultRule.parse("status:colour=red")


def test_in_body_and_http_faults_fire_on_their_count(make_client: MakeClient) -> None:
    client = make_client(
        faults=(
            FaultRule("token_expiry", path=FIELDS, nth=2),
            FaultRule("rate_limit_storm", path=FIELDS, nth=3),
            FaultRule("status", path=FIELDS, nth=4, status=503),
        )
    )
    assert ok(client.get(FIELDS))
    assert error_code(client.get(FIELDS)) == "602"
    assert error_code(client.get(FIELDS)) == "606"
    assert client.get(FIELDS).status_code == 503
    assert ok(client.get(FIELDS))


def test_reset_commits_then_drops(make_client: MakeClient) -> None:
    client = make_client(faults=(FaultRule("reset", method="POST", path=FIELDS),))
    body = {"input": [{"name": "sqlDate", "displayName": "SQL Date", "dataType": "datetime"}]}
    with pytest.raises(httpx.RemoteProtocolError):
        client.post(FIELDS, json=body)
    assert ok(client.get("/rest/v1/leads/schema/fields/sqlDate.json"))


def test_strict_refuses_what_the_swagger_does_not_define(make_client: MakeClient) -> None:
    client = make_client(strict=True)
    extra = {"input": [{"name": "a1", "displayName": "A1", "dataType": "string", "length": 80}]}
    assert error_code(client.post(FIELDS, json=extra)) == "609"
    assert error_code(client.get(FIELDS, params={"limit": "5"})) == "1003"
    lax = make_client(strict=False)
    assert ok(lax.post(FIELDS, json=extra))[0]["status"] == "created"
