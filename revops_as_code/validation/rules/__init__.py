"""Cross-document rules: one small module per rule, run over every document that validated.

Each rule is a callable with a stable `code`, taking a `RuleContext` and yielding located
`Diagnostic`s. Structure is the models' job; these check meaning across values and
documents. Codes (RV2xx references and structure of the business process, RV3xx criteria
and field roles, RV4xx hygiene):

| code  | severity | meaning                                                                 |
|-------|----------|-------------------------------------------------------------------------|
| RV201 | error    | a reference does not resolve, or is of the wrong type (did-you-mean)    |
| RV202 | error    | a field's group / default group: no standard of the object declares it  |
| RV210 | error    | a key is not unique in its scope (names the first occurrence); field,   |
|       |          | fact and group keys count across all standards of an object             |
| RV220 | warning  | a deal pipeline does not have exactly one won and at least one lost stage |
| RV221 | warning  | an open stage's probability is lower than an earlier open stage's       |
| RV222 | warning  | a won stage is not at 100% or a lost stage not at 0%                    |
| RV230 | error    | SLA target_percent is 0                                                 |
| RV231 | error    | SLA `within` is more than a year                                        |
| RV232 | error    | business-time SLA without a calendar                                    |
| RV233 | error    | `until_stage` missing for action stage_change, or given for another     |
| RV240 | error    | calendar time zone is not an IANA zone                                  |
| RV241 | error    | holiday country/subdivision unknown to the `holidays` package           |
| RV242 | error    | working hours end at or before they start                               |
| RV243 | error    | a closed date is not a date, or a working day is listed twice           |
| RV301 | error    | a criterion's operator does not fit the field's type                    |
| RV302 | error    | a criterion's value does not fit its operator or the field's type       |
| RV303 | error    | a criterion's value is not one of the enum field's options              |
| RV305 | error    | a field referenced in a role (lifecycle/ICP field, SLA due-at, ...) has the wrong type |
| RV306 | error    | incoherent field declaration (options on a non-enum, min > max; an enum without options only warns) |
| RV307 | error    | an ICP tier is not an option of the tier field                          |
| RV401 | error    | something that looks like a credential is in a definition (redacted)    |
"""

from __future__ import annotations

from revops_as_code.validation.context import Rule
from revops_as_code.validation.rules import (
    credentials,
    criteria,
    field_roles,
    pipeline_outcomes,
    probabilities,
    references,
    sla_calendar,
    sla_targets,
    unique_keys,
)

RULES: tuple[Rule, ...] = (
    references.RULE,
    unique_keys.RULE,
    pipeline_outcomes.RULE,
    probabilities.RULE,
    sla_targets.RULE,
    sla_calendar.RULE,
    criteria.RULE,
    field_roles.RULE,
    credentials.RULE,
)

__all__ = ["RULES"]
