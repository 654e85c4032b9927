"""A small, valid definition set for rule tests; each test breaks one document of it."""

from __future__ import annotations

from pathlib import Path

from revops_as_code.diagnostics import Diagnostic
from revops_as_code.validation import validate_path

BASE: dict[str, str] = {
    "company": """\
apiVersion: revops.dev/v1
kind: FieldStandard
object: company
groups: [{key: std, label: Standard}]
default_group: std
fields:
  - {key: employee_count, label: Employees, type: number, description: Headcount.}
  - {key: target_account, label: Target, type: bool, description: On the list.}
  - key: icp_tier
    label: Tier
    type: enum
    description: Tier.
    options: [{key: tier_1, label: T1}, {key: not_icp, label: No}]
  - {key: engaged, label: Engaged, type: number, description: Engaged contacts.}
facts:
  - key: engaged_contacts_30d
    label: Engaged contacts
    related: contact
    where: {field: last_engagement_date, op: within_last, value: 30d}
    stored_in: engaged
""",
    "contact": """\
apiVersion: revops.dev/v1
kind: FieldStandard
object: contact
fields:
  - {key: lifecyclestage, label: Stage, type: enum, description: Stage., system_defined: true}
  - {key: last_engagement_date, label: Last engaged, type: datetime, description: Last.}
  - {key: mqa_date, label: MQA date, type: datetime, description: When.}
  - {key: due_at, label: Due, type: datetime, description: Due.}
  - {key: breached, label: Breached, type: bool, description: Breached.}
  - key: lead_source
    label: Source
    type: enum
    description: Source.
    options: [{key: paid_search, label: Paid}, {key: webinar, label: Webinar}]
""",
    "deal": """\
apiVersion: revops.dev/v1
kind: FieldStandard
object: deal
fields:
  - {key: amount, label: Amount, type: currency, description: Value.}
""",
    "pipeline": """\
apiVersion: revops.dev/v1
kind: Pipeline
key: new_business
label: New business
stages:
  - key: discovery
    label: Discovery
    probability: 10
    forecast_category: pipeline
    exit_criteria:
      required_fields: [amount]
      conditions: [{field: amount, op: gt, value: 0}]
  - {key: demo, label: Demo, probability: 30, forecast_category: pipeline}
  - {key: won, label: Won, probability: 100, forecast_category: closed, outcome: won}
  - {key: lost, label: Lost, probability: 0, forecast_category: omitted, outcome: lost}
""",
    "lifecycle": """\
apiVersion: revops.dev/v1
kind: Lifecycle
key: journey
label: Journey
field: lifecyclestage
stages:
  - {key: lead, label: Lead}
  - key: mqa
    label: MQA
    entered_at_field: mqa_date
    entry_criteria:
      all:
        - {field: field/company/target_account, op: eq, value: true}
        - {fact: fact/company/engaged_contacts_30d, op: gte, value: 3}
""",
    "icp": """\
apiVersion: revops.dev/v1
kind: ICP
key: icp
label: ICP
field: icp_tier
default_tier: not_icp
tiers:
  - key: tier_1
    label: Tier 1
    criteria: {field: employee_count, op: gte, value: 500}
""",
    "sla": """\
apiVersion: revops.dev/v1
kind: HandoffSLA
key: mqa_first_touch
label: MQAs within 2 business days
trigger: lifecycle/mqa
from_team: marketing
to_team: sales
action: first_touch
within: {amount: 2, unit: business_days}
calendar: {timezone: America/New_York, holiday_country: US}
target_percent: 100
due_at_field: due_at
breached_field: breached
""",
}


def run(tmp_path: Path, **replace: str) -> list[Diagnostic]:
    """Validate BASE with some documents replaced (or added); every diagnostic, sorted."""
    docs = {**BASE, **replace}
    for name, text in docs.items():
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    return validate_path(tmp_path).diagnostics


def found(diagnostics: list[Diagnostic]) -> list[tuple[str, str]]:
    """(code, file:line:col) pairs, with the file name only."""
    out = []
    for d in diagnostics:
        loc = d.location
        out.append((d.code, f"{Path(loc.file).name}:{loc.line}:{loc.col}"))
    return out
