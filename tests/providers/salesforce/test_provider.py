"""provider.py: capabilities and declarations, sandbox wiring, the API-allocation warning
before a large apply, and the refusal of what Salesforce orgs do not allow."""

from __future__ import annotations

import pytest

from revops_as_code.changes import Action, Change
from revops_as_code.diagnostics import Severity
from revops_as_code.errors import UsageError
from revops_as_code.providers.base import Scope
from revops_as_code.providers.salesforce import SalesforceProvider
from revops_as_code.providers.salesforce.normalize import rid
from revops_as_code.providers.salesforce.provider import (
    SANDBOX_INSTANCE_URL,
    planned_calls,
)

from .wire_org import standard_org


def test_standard_value_sets_are_adopted_never_created_or_deleted() -> None:
    kinds = SalesforceProvider().capabilities.kinds
    assert not kinds["value_set"].create and not kinds["value_set"].delete
    assert kinds["value_set"].keyed_lists == {"values": "value"}
    assert "values" in kinds["value_set"].ordered_attributes
    assert "values" in kinds["business_process"].ordered_attributes
    assert kinds["custom_field"].create and kinds["validation_rule"].delete


def test_declarations_say_what_changes_existing_records() -> None:
    declarations = SalesforceProvider().declarations
    stages = declarations.kind("value_set")
    assert {"probability", "closed", "won", "forecast_category", "converted"} <= stages.review
    assert stages.display["probability"].unit == "%"
    assert stages.attribute_for("outcome") == "closed"
    assert declarations.kind("custom_field").field_type == {"type"}
    assert declarations.kind("custom_field").option_lists == {"values": "value"}
    assert declarations.kind("validation_rule").review == {"formula", "active"}
    assert declarations.kind("business_process").noun == "sales process"
    assert declarations.kind("record_type").identity == ("object", "name")


def test_sandbox_settings_use_placeholder_credentials_and_the_sandbox_host() -> None:
    settings = SalesforceProvider({"sandbox": True}).client_settings()
    assert settings["instance_url"] == SANDBOX_INSTANCE_URL
    assert settings["client_id"] == "sandbox" and settings["credentials"] == "sandbox"
    served = SalesforceProvider({"sandbox": True, "base_url": "http://127.0.0.1:8765/"})
    assert served.client_settings()["instance_url"] == "http://127.0.0.1:8765"
    # A real org's settings pass through untouched.
    real = {"instance_url": "https://acme.my.salesforce.com", "client_id": "x", "credentials": "y"}
    assert SalesforceProvider(real).client_settings() == real


def _creates(n: int) -> list[Change]:
    return [
        Change(Action.CREATE, rid("custom_field", f"Account.F{i}__c"), None, {}) for i in range(n)
    ]


def test_planned_calls_count_batches_and_value_set_patches() -> None:
    stages = Change(Action.UPDATE, rid("value_set", "OpportunityStage"), {}, {})
    assert planned_calls(_creates(60)) == 3
    assert planned_calls([*_creates(25), stages]) == 1 + 2
    assert planned_calls([]) == 0


def test_a_large_apply_near_the_daily_allocation_is_warned_about() -> None:
    org = standard_org()
    org.used = 14_990
    provider = org.provider()
    provider.read_live(Scope())  # the read's responses say how much of the allocation is used
    (warning,) = provider.validate_changes(_creates(500))
    assert warning.severity is Severity.WARNING and warning.code == "SF401"
    assert "20 API requests" in warning.message and "remain" in warning.message
    provider.close()


def test_a_small_apply_with_room_to_spare_is_not_warned_about() -> None:
    org = standard_org()
    provider = org.provider()
    provider.read_live(Scope())
    assert provider.validate_changes(_creates(50)) == []
    provider.close()


def test_a_value_set_create_is_refused_with_what_to_do() -> None:
    org = standard_org()
    provider = org.provider()
    change = Change(
        Action.CREATE, rid("value_set", "Industry"), None, {"name": "Industry", "values": []}
    )
    (group,) = provider.group([change])
    outcome = provider.apply_group(group, [change]).outcomes[change.resource_id]  # type: ignore[union-attr]
    assert not outcome.applied
    assert "never creates" in (outcome.error or "")
    assert org.requests == []  # refused before anything was sent
    provider.close()


def test_halted_is_none_before_any_request_and_close_is_idempotent() -> None:
    provider = standard_org().provider()
    assert provider.halted() is None
    provider.close()
    provider.close()


def test_a_bad_workers_setting_is_a_usage_error_naming_it() -> None:
    provider = standard_org().provider(workers="many")
    with pytest.raises(UsageError, match="workers"):
        provider.read_live(Scope())
    provider.close()
