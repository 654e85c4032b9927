"""Starter files `revops init` writes: a project config and a small definition set that
validates, one document of every kind, commented so a new team knows what to change first.

Each definition file's first line names its JSON Schema (copied into the project's
`schemas/`), so editors with the YAML language server complete and check keys as you type.
"""

from __future__ import annotations

PROJECT_CONFIG = """\
# revops project configuration. Environments are the live systems this project deploys to.
# `revops plan` with no --env uses the default: the built-in HubSpot sandbox, run
# in-process under .revops/ (no account, no credentials).
#
# To add a real portal, add an environment with `provider: hubspot` and
# `credentials_env: HUBSPOT_TOKEN`, then `export HUBSPOT_TOKEN=...` (never put the token
# in this file: revops refuses literal credentials here).
definitions: definitions/
default_environment: sandbox

environments:
  sandbox:
    provider: hubspot
    settings:
      sandbox: true
    state:
      backend: local
      path: .revops/state/sandbox.json
"""

GITIGNORE = """\
# revops working data: the sandbox database and local state (state is precious; back it up
# or use a shared backend before a team applies to production).
.revops/
"""

_CONTACT = """\
# Contact fields your teams share. Add a field here before anyone creates it in the CRM.
apiVersion: revops.dev/v1
kind: FieldStandard
object: contact
owner_team: revops
default_group: revops_standard

groups:
  - key: revops_standard
    label: RevOps standard
    description: Fields defined and maintained by the RevOps field standard.

fields:
  - key: email
    label: Email
    type: string
    description: Work email address.
    system_defined: true
    pii: true

  - key: lifecyclestage
    label: Lifecycle stage
    type: enum
    description: Where the contact is in the buyer journey; options come from lifecycle.yaml.
    system_defined: true

  - key: lead_source
    label: Lead source
    type: enum
    description: The channel that first brought the contact to us. Set once, never overwritten.
    owner_team: marketing
    options:
      - {key: paid_search, label: Paid search}
      - {key: organic_search, label: Organic search}
      - {key: event, label: Event}
      - {key: referral, label: Referral}
      - {key: outbound, label: Outbound}

  - key: mql_date
    label: MQL date
    type: datetime
    description: When the contact became a marketing qualified lead; starts the follow-up SLA.
"""

_COMPANY = """\
# Company fields: the ones your ICP is written over must be defined precisely.
apiVersion: revops.dev/v1
kind: FieldStandard
object: company
owner_team: revops
default_group: revops_standard

groups:
  - key: revops_standard
    label: RevOps standard
    description: Fields defined and maintained by the RevOps field standard.

fields:
  - key: employee_count
    label: Number of employees
    type: number
    description: Headcount of the legal entity, from enrichment.
    system_defined: true
    minimum: 0
    api_names: {hubspot: numberofemployees, salesforce: NumberOfEmployees}

  - key: icp_tier
    label: ICP tier
    type: enum
    description: Written from icp.yaml; do not edit by hand.
    options:                     # the ICP's tiers, plus default_tier if it has one
      - {key: tier_1, label: Tier 1}
      - {key: tier_2, label: Tier 2}
"""

_DEAL = """\
# Deal fields used by the pipeline's exit criteria.
apiVersion: revops.dev/v1
kind: FieldStandard
object: deal
owner_team: revops

fields:
  - key: amount
    label: Amount
    type: currency
    description: First-year contract value.
    system_defined: true
    minimum: 0

  - key: close_date
    label: Close date
    type: date
    description: When the rep expects the customer to sign.
    system_defined: true
    api_names: {hubspot: closedate, salesforce: CloseDate}
"""

_PIPELINE = """\
# Your sales process. Probabilities drive the weighted forecast: base them on your win
# rates from each stage, and keep them non-decreasing.
apiVersion: revops.dev/v1
kind: Pipeline
key: sales
label: Sales pipeline
object: deal
api_ids: {hubspot: default}     # HubSpot's built-in pipeline; remove to create a new one

stages:
  - key: qualification
    label: Qualification
    description: A first meeting happened; we are checking fit and a real project.
    probability: 10
    forecast_category: pipeline
    api_ids: {hubspot: appointmentscheduled}
    exit_criteria:
      required_fields: [amount, close_date]

  - key: proposal
    label: Proposal
    description: The buyer has our proposal and agreed to review it with the decision maker.
    probability: 50
    forecast_category: best_case
    max_days_in_stage: 30
    api_ids: {hubspot: presentationscheduled}
    exit_criteria:
      conditions:
        - {field: amount, op: gt, value: 0}

  - key: closed_won
    label: Closed won
    probability: 100
    forecast_category: closed
    outcome: won
    api_ids: {hubspot: closedwon}

  - key: closed_lost
    label: Closed lost
    probability: 0
    forecast_category: omitted
    outcome: lost
    api_ids: {hubspot: closedlost}
"""

_LIFECYCLE = """\
# What each lifecycle stage means. Write the entry criteria with sales and marketing in
# the room: they are the contract the follow-up SLA is measured against.
apiVersion: revops.dev/v1
kind: Lifecycle
key: buyer_journey
label: Buyer journey
object: contact
field: lifecyclestage

stages:
  - key: lead
    label: Lead
    entry_criteria: {field: email, op: is_set}

  - key: mql
    label: Marketing qualified lead
    api_ids: {hubspot: marketingqualifiedlead}
    entered_at_field: mql_date
    entry_criteria:
      all:
        - {field: lead_source, op: is_set}
        - {field: field/company/employee_count, op: gte, value: 50}

  - key: sql
    label: Sales qualified lead
    api_ids: {hubspot: salesqualifiedlead}

  - key: customer
    label: Customer
"""

_ICP = """\
# Ideal customer profile: tiers best first; a company gets the first tier that matches.
apiVersion: revops.dev/v1
kind: ICP
key: icp
label: Ideal customer profile
object: company
field: icp_tier

tiers:
  - key: tier_1
    label: Tier 1
    criteria: {field: employee_count, op: gte, value: 500}
  - key: tier_2
    label: Tier 2
    criteria: {field: employee_count, op: gte, value: 50}
"""

_SLA = """\
# How fast sales follows up on what marketing hands over, in business time.
apiVersion: revops.dev/v1
kind: HandoffSLA
key: mql_follow_up
label: Sales follows up every MQL within 1 business day
trigger: lifecycle/mql
from_team: marketing
to_team: sales
action: first_touch
within: {amount: 1, unit: business_days}
calendar:
  timezone: America/New_York     # an IANA time zone
  holiday_country: US            # public holidays are not business days
target_percent: 95
escalation: {owner: sales_manager}
"""

DEFINITIONS: dict[str, tuple[str, str]] = {
    "fields/contact.yaml": ("FieldStandard", _CONTACT),
    "fields/company.yaml": ("FieldStandard", _COMPANY),
    "fields/deal.yaml": ("FieldStandard", _DEAL),
    "pipelines/sales.yaml": ("Pipeline", _PIPELINE),
    "lifecycle.yaml": ("Lifecycle", _LIFECYCLE),
    "icp.yaml": ("ICP", _ICP),
    "slas/mql_follow_up.yaml": ("HandoffSLA", _SLA),
}
"""Path under definitions/ -> (kind, text without the schema line)."""

__all__ = ["DEFINITIONS", "GITIGNORE", "PROJECT_CONFIG"]
