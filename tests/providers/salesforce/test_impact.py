"""Record impact of risky Salesforce changes, from SOQL COUNT() answers a MockTransport gives."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from revops_as_code.changes import Action, Change, Risk
from revops_as_code.providers.salesforce.impact import impact, literal, records
from revops_as_code.resources import ResourceId

from .mock_org import mock_client

COUNTS = {
    "SELECT COUNT() FROM Opportunity WHERE StageName = 'Demo'": 412,
    "SELECT COUNT() FROM Opportunity WHERE StageName = 'Trial'": 1,
    "SELECT COUNT() FROM Opportunity WHERE Forecast_Probability__c != null": 1204,
    "SELECT COUNT() FROM Lead WHERE LeadSource = 'PPC'": 37,
    "SELECT COUNT() FROM Contact WHERE LeadSource = 'PPC'": 0,
    "SELECT COUNT() FROM Opportunity WHERE LeadSource = 'PPC'": 2,
    "SELECT COUNT() FROM Account WHERE Tier__c = 'Tier 3'": 5,
    "SELECT COUNT() FROM Case WHERE Escalated__c = true": 3,
}


def handler(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path.endswith("/query"):
        return httpx.Response(200, json={"totalSize": COUNTS[request.url.params["q"]],
                                         "done": True, "records": []})  # fmt: skip
    if path.endswith("/composite"):
        body = json.loads(request.content)
        out = []
        for sub in body["compositeRequest"]:
            soql = httpx.URL(sub["url"]).params["q"]
            out.append({"referenceId": sub["referenceId"], "httpStatusCode": 200,
                        "httpHeaders": {}, "body": {"totalSize": COUNTS[soql], "done": True,
                                                    "records": []}})  # fmt: skip
        return httpx.Response(200, json={"compositeResponse": out})
    return httpx.Response(404, json=[{"errorCode": "NOT_FOUND", "message": path}])


def change(kind: str, key: str, action: Action, before: Any, after: Any = None) -> Change:
    return Change(action, ResourceId("salesforce", kind, key), before, after,
                  risk=Risk.DESTRUCTIVE if action is Action.DELETE else Risk.REVIEW)  # fmt: skip


def _stages(*names: str) -> dict[str, Any]:
    return {"name": "OpportunityStage",
            "values": [{"value": n, "label": n, "default": False} for n in names]}  # fmt: skip


def test_a_deactivated_stage_counts_its_opportunities() -> None:
    client, seen = mock_client(handler)
    text = impact(client, change("value_set", "OpportunityStage", Action.UPDATE,
                                 _stages("Prospecting", "Demo"), _stages("Prospecting")))  # fmt: skip
    assert text == (
        "412 opportunities are in stage 'Demo': they keep it; it becomes inactive and can no "
        "longer be chosen"
    )
    assert len(seen) == 1 and seen[0].url.path.endswith("/query")


def test_several_counts_go_in_one_composite() -> None:
    client, seen = mock_client(handler)
    text = impact(client, change("value_set", "OpportunityStage", Action.UPDATE,
                                 _stages("Demo", "Trial", "Won"), _stages("Won")))  # fmt: skip
    assert text is not None
    assert "412 opportunities are in stage 'Demo'" in text
    assert "1 opportunity is in stage 'Trial'" in text
    assert [r.url.path.rsplit("/", 1)[1] for r in seen] == ["composite"]


def test_a_removed_standard_value_counts_every_object_using_the_set() -> None:
    client, seen = mock_client(handler)
    before = {"name": "LeadSource", "values": [{"value": "PPC", "label": "PPC"},
                                               {"value": "Web", "label": "Web"}]}  # fmt: skip
    after = {"name": "LeadSource", "values": [{"value": "Web", "label": "Web"}]}
    text = impact(client, change("value_set", "LeadSource", Action.UPDATE, before, after))
    assert text is not None
    assert "37 leads hold 'PPC' in LeadSource" in text
    assert "0 contacts hold 'PPC' in LeadSource" in text
    assert "2 opportunities hold 'PPC' in LeadSource" in text
    assert len(seen) == 1


def test_a_deleted_or_retyped_field_counts_records_holding_a_value() -> None:
    client, _ = mock_client(handler)
    field = {"object": "Opportunity", "name": "Forecast_Probability__c", "type": "Number"}
    rid = "Opportunity.Forecast_Probability__c"
    assert impact(client, change("custom_field", rid, Action.DELETE, field)) == (
        "1,204 opportunities hold a value in Forecast_Probability__c"
    )
    retyped = change("custom_field", rid, Action.UPDATE, field, {**field, "type": "Percent"})
    assert impact(client, retyped) == "1,204 opportunities hold a value in Forecast_Probability__c"
    box = {"object": "Case", "name": "Escalated__c", "type": "Checkbox"}
    assert impact(client, change("custom_field", "Case.Escalated__c", Action.DELETE, box)) == (
        "3 cases hold a value in Escalated__c"
    )


def test_a_long_text_field_is_not_counted() -> None:
    client, seen = mock_client(handler)
    notes = {"object": "Account", "name": "Notes__c", "type": "LongTextArea"}
    text = impact(client, change("custom_field", "Account.Notes__c", Action.DELETE, notes))
    assert text is not None and "cannot be counted" in text
    assert seen == []


def test_a_removed_picklist_value() -> None:
    client, _ = mock_client(handler)
    before = {"object": "Account", "name": "Tier__c", "type": "Picklist",
              "values": [{"value": "Tier 1", "label": "Tier 1"},
                         {"value": "Tier 3", "label": "Tier 3"}]}  # fmt: skip
    after = {**before, "values": [{"value": "Tier 1", "label": "Tier 1"}]}
    text = impact(client, change("custom_field", "Account.Tier__c", Action.UPDATE, before, after))
    assert text == (
        "5 accounts hold 'Tier 3' in Tier__c; records keep the value, which can no longer be chosen"
    )


def test_safe_changes_and_label_edits_cost_no_query() -> None:
    client, seen = mock_client(handler)
    same = _stages("Demo")
    assert (
        impact(client, change("value_set", "OpportunityStage", Action.UPDATE, same, same)) is None
    )
    safe = Change(Action.DELETE, ResourceId("salesforce", "custom_field", "Lead.X__c"), {}, None)
    assert impact(client, safe) is None
    assert seen == []


def test_literals_and_nouns() -> None:
    assert literal("it's \\ here") == "'it\\'s \\\\ here'"
    assert records(1, "Opportunity") == "1 opportunity"
    assert records(2, "Campaign") == "2 Campaign records"


def test_counts_against_the_seeded_sandbox(tmp_path: Any) -> None:
    from revops_as_code.providers.base import Scope
    from revops_as_code.providers.salesforce.sandbox.seed_records import PLANTED

    from .provider_helpers import provider

    sandbox = provider(tmp_path / "salesforce.db", profile="messy")
    live = {r.id.key: r.attributes for r in sandbox.read_live(Scope()).resources}
    stages = live["OpportunityStage"]
    without_demo = {**stages, "values": [v for v in stages["values"] if v["value"] != "Demo"]}
    before = sandbox.client.request_count
    text = impact(sandbox.client, change("value_set", "OpportunityStage", Action.UPDATE,
                                         stages, without_demo))  # fmt: skip
    assert text == (
        f"{PLANTED['opportunities_in_demo']} opportunities are in stage 'Demo': they keep it; "
        "it becomes inactive and can no longer be chosen"
    )
    sources = live["LeadSource"]
    without_ppc = {**sources, "values": [v for v in sources["values"] if v["value"] != "PPC"]}
    text = impact(sandbox.client, change("value_set", "LeadSource", Action.UPDATE,
                                         sources, without_ppc))  # fmt: skip
    assert text is not None
    assert f"{PLANTED['lead_sources']['Lead']['PPC']} leads hold 'PPC' in LeadSource" in text
    assert f"{PLANTED['lead_sources']['Contact']['PPC']} contacts hold 'PPC' in LeadSource" in text
    assert sandbox.client.request_count - before == 2  # one query, then one composite of 3


def test_a_refused_count_is_an_error_naming_the_query() -> None:
    from revops_as_code.errors import ProviderError

    def refusing(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        return httpx.Response(200, json={"compositeResponse": [
            {"referenceId": sub["referenceId"], "httpStatusCode": 400, "httpHeaders": {},
             "body": [{"errorCode": "INVALID_FIELD", "message": "No such column 'Tier__c'"}]}
            for sub in body["compositeRequest"]]})  # fmt: skip

    client, _ = mock_client(refusing)
    before = {"object": "Account", "name": "Tier__c", "type": "Picklist",
              "values": [{"value": "A", "label": "A"}, {"value": "B", "label": "B"}]}  # fmt: skip
    with pytest.raises(ProviderError) as caught:
        impact(client, change("custom_field", "Account.Tier__c", Action.UPDATE, before,
                              {**before, "values": []}))  # fmt: skip
    assert "Tier__c" in str(caught.value)
