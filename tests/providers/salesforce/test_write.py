"""write.py against a MockTransport org: what a Tooling batch sends, the outcome of each
change, adopt-or-fail after a conflict or an ambiguous failure (never a blind re-send), the
value-set PATCH, and a clean stop when the daily allocation is spent."""

from __future__ import annotations

from typing import Any

from revops_as_code.changes import Action, Change
from revops_as_code.errors import RateLimitError
from revops_as_code.providers.base import Scope
from revops_as_code.providers.salesforce.normalize import canonical, rid
from revops_as_code.providers.salesforce.write_groups import group_changes

from .wire_org import MockOrg, standard_org

NEW = {"object": "Account", "name": "Tier__c", "label": "Tier", "type": "Picklist",
       "values": [{"value": "gold", "label": "Gold"}]}  # fmt: skip


def _apply(org: MockOrg, changes: list[Change]) -> dict[str, Any]:
    provider = org.provider()
    try:
        outcomes: dict[str, Any] = {}
        for group in provider.group(changes):
            members = [c for c in changes if c.resource_id in group.members]
            result = provider.apply_group(group, members)
            outcomes.update({str(k): v for k, v in result.outcomes.items()})  # type: ignore[union-attr]
        outcomes["halted"] = provider.halted()
        return outcomes
    finally:
        provider.close()


def _create(key: str, attrs: dict[str, Any], kind: str = "custom_field") -> Change:
    return Change(Action.CREATE, rid(kind, key), None, canonical(kind, attrs))


def test_a_batch_sends_creates_updates_and_deletes_in_one_tooling_composite() -> None:
    org = standard_org()
    answers = {"POST": (201, {"id": "00Nnew0000000001", "success": True, "errors": []}),
               "PATCH": (204, None),
               "DELETE": (404, [{"message": "entity is deleted", "errorCode": "ENTITY_IS_DELETED"}])}  # fmt: skip
    org.write = lambda method, path, body: answers[method]
    rule = {"object": "Opportunity", "name": "Budget_Required", "active": False,
            "formula": "ISBLANK(Budget__c)", "message": "Budget!"}  # fmt: skip
    changes = [
        _create("Account.Tier__c", NEW),
        Change(Action.UPDATE, rid("validation_rule", "Opportunity.Budget_Required"), {},
               canonical("validation_rule", rule), remote_id="03d000000000001"),
        Change(Action.DELETE, rid("custom_field", "Opportunity.Old__c"), {}, None,
               remote_id="00N000000000099"),
    ]  # fmt: skip
    outcomes = _apply(org, changes)
    (sent,) = org.composites
    assert [(s["method"], s["url"]) for s in sent] == [
        ("POST", "/services/data/v63.0/tooling/sobjects/CustomField"),
        ("PATCH", "/services/data/v63.0/tooling/sobjects/ValidationRule/03d000000000001"),
        ("DELETE", "/services/data/v63.0/tooling/sobjects/CustomField/00N000000000099"),
    ]
    assert sent[0]["body"]["FullName"] == "Account.Tier__c"
    assert (
        sent[0]["body"]["Metadata"]["valueSet"]["valueSetDefinition"]["value"][0]["fullName"]
        == "gold"
    )
    assert sent[1]["body"]["Metadata"]["errorConditionFormula"] == "ISBLANK(Budget__c)"
    created = outcomes["salesforce/custom_field/Account.Tier__c"]
    assert created.applied and created.remote_id == "00Nnew0000000001"
    assert created.attributes == canonical("custom_field", NEW)
    assert outcomes["salesforce/validation_rule/Opportunity.Budget_Required"].applied
    # Already gone is what a delete wanted.
    assert outcomes["salesforce/custom_field/Opportunity.Old__c"].applied


def _live(org: MockOrg, key: str) -> dict[str, Any]:
    provider = org.provider()
    live = provider.read_live(Scope(ids=frozenset({rid("custom_field", key)})))
    provider.close()
    return dict(next(iter(live.resources)).attributes)


DUPLICATE = (
    400,
    [{"message": "Duplicate developer name", "errorCode": "DUPLICATE_DEVELOPER_NAME"}],
)


def test_a_duplicate_name_is_adopted_when_it_is_exactly_as_asked() -> None:
    org = standard_org()
    same = _live(org, "Lead.Tier__c")
    org.write = lambda method, path, body: DUPLICATE
    outcomes = _apply(org, [_create("Lead.Tier__c", same)])
    adopted = outcomes["salesforce/custom_field/Lead.Tier__c"]
    assert adopted.applied and adopted.remote_id == "00N000000000004"
    assert len(org.composites[0]) == 1  # sent once, never again


def test_a_duplicate_name_that_differs_fails_with_a_conflict() -> None:
    org = standard_org()
    other = {**_live(org, "Lead.Tier__c"), "label": "Something else"}
    org.write = lambda method, path, body: DUPLICATE
    outcome = _apply(org, [_create("Lead.Tier__c", other)])["salesforce/custom_field/Lead.Tier__c"]
    assert not outcome.applied
    assert "exists in Salesforce but differs from the definition" in outcome.error


def test_a_create_that_failed_ambiguously_and_is_not_there_fails_without_a_resend() -> None:
    org = standard_org()
    org.write = lambda method, path, body: (
        500,
        [{"message": "boom", "errorCode": "UNKNOWN_EXCEPTION"}],
    )
    outcome = _apply(org, [_create("Account.Tier__c", NEW)])[
        "salesforce/custom_field/Account.Tier__c"
    ]
    assert not outcome.applied and "does not exist" in outcome.error
    posts = [s for call in org.composites for s in call if s["method"] == "POST"]
    assert len(posts) == 1


def test_a_spent_daily_allocation_leaves_the_batch_not_attempted_and_halts() -> None:
    org = standard_org()
    org.write = lambda method, path, body: (403, [{"message": "TotalRequests Limit exceeded.", "errorCode": "REQUEST_LIMIT_EXCEEDED"}])  # fmt: skip
    base = org.handle

    def handle(request):  # type: ignore[no-untyped-def]
        if request.url.path.endswith("/tooling/composite") and b'"POST"' in request.content:
            import httpx

            return httpx.Response(403, json=[{"message": "TotalRequests Limit exceeded.",
                                              "errorCode": "REQUEST_LIMIT_EXCEEDED"}])  # fmt: skip
        return base(request)

    org.handle = handle  # type: ignore[method-assign]
    outcomes = _apply(
        org,
        [_create("Account.Tier__c", NEW), _create("Account.Other__c", {**NEW, "name": "Other__c"})],
    )
    # Nothing was written: both stay not attempted (no outcome) for the re-run, and the
    # target is halted with Salesforce's reason.
    assert set(outcomes) == {"halted"}
    assert isinstance(outcomes["halted"], RateLimitError)
    assert "REQUEST_LIMIT_EXCEEDED" in outcomes["halted"].message


def test_a_value_set_update_patches_the_whole_list_with_removed_values_inactive() -> None:
    org = standard_org()
    org.rows["StandardValueSet"] = [{
        "Id": "0Ct000000000001", "MasterLabel": "OpportunityStage",
        "Metadata": {"sorted": False, "standardValue": [
            {"fullName": "Prospecting", "label": "Prospecting", "default": True, "probability": 10,
             "forecastCategory": "Pipeline", "closed": False, "won": False},
            {"fullName": "Demo", "label": "Demo", "default": False, "probability": 30,
             "forecastCategory": "Pipeline", "closed": False, "won": False}]},
    }]  # fmt: skip
    patched: list[tuple[str, Any]] = []
    org.write = lambda method, path, body: (patched.append((path, body)), (204, None))[1]
    wanted = {"name": "OpportunityStage", "values": [
        {"value": "Prospecting", "label": "Prospecting", "default": True, "probability": 20,
         "forecast_category": "Pipeline", "closed": False, "won": False}]}  # fmt: skip
    change = Change(Action.UPDATE, rid("value_set", "OpportunityStage"), {}, canonical("value_set", wanted),
                    remote_id="0Ct000000000001")  # fmt: skip
    (group,) = group_changes([change])
    outcome = _apply(org, [change])["salesforce/value_set/OpportunityStage"]
    assert outcome.applied and outcome.remote_id == "0Ct000000000001"
    ((path, body),) = patched
    assert path == "/tooling/sobjects/StandardValueSet/0Ct000000000001"
    values = body["Metadata"]["standardValue"]
    assert [(v["fullName"], v["isActive"], v.get("probability")) for v in values] == [
        ("Prospecting", True, 20), ("Demo", False, 30)]  # fmt: skip
    assert group.key == "update value_set OpportunityStage"


def test_an_update_that_failed_ambiguously_is_judged_by_a_re_read() -> None:
    org = standard_org()
    org.write = lambda method, path, body: (
        503,
        [{"message": "busy", "errorCode": "SERVER_UNAVAILABLE"}],
    )
    rule = {"object": "Opportunity", "name": "Budget_Required", "active": True,
            "formula": "ISBLANK(Budget__c)", "message": "Budget!"}  # fmt: skip
    change = Change(Action.UPDATE, rid("validation_rule", "Opportunity.Budget_Required"), {},
                    canonical("validation_rule", rule), remote_id="03d000000000001")  # fmt: skip
    outcome = _apply(org, [change])["salesforce/validation_rule/Opportunity.Budget_Required"]
    # The re-read shows the old formula: the update did not land, and it is not re-sent.
    assert not outcome.applied and "not as asked" in outcome.error
    patches = [s for call in org.composites for s in call if s["method"] == "PATCH"]
    assert len(patches) == 1


def test_a_name_held_by_a_deleted_field_says_how_to_free_it() -> None:
    org = standard_org()
    org.write = lambda method, path, body: DUPLICATE
    outcome = _apply(org, [_create("Account.Tier__c", NEW)])[
        "salesforce/custom_field/Account.Tier__c"
    ]
    assert not outcome.applied
    assert "Deleted Fields" in outcome.error and "api_names" in outcome.error


def test_a_picklist_update_resends_the_values_that_were_inactive_already() -> None:
    # The PATCH replaces the field's value list: the inactive "Bronze" the read saw is sent
    # again, inactive, so records holding it keep a value Salesforce still knows.
    org = standard_org()
    org.write = lambda method, path, body: (204, None)
    provider = org.provider()
    live = provider.read_live(Scope())
    tier = rid("custom_field", "Lead.Tier__c")
    before = dict(live.resources[tier].attributes)
    after = {**before, "values": [{"value": "Gold", "label": "Gold", "default": False}]}
    change = Change(
        Action.UPDATE,
        tier,
        before,
        canonical("custom_field", after),
        remote_id=live.remote_ids[tier],
    )
    (group,) = provider.group([change])
    assert provider.apply_group(group, [change]).outcomes[tier].applied  # type: ignore[union-attr]
    (patch,) = [s for call in org.composites for s in call if s["method"] == "PATCH"]
    values = patch["body"]["Metadata"]["valueSet"]["valueSetDefinition"]["value"]
    assert [(v["fullName"], v["isActive"]) for v in values] == [
        ("Gold", True),
        ("Silver", False),
        ("Bronze", False),
    ]
    provider.close()
