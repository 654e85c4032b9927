"""The canonical form of Salesforce configuration: the one contract compile, read, write,
decompile and the sandbox's manifest share.

`compile.py` (definitions -> resources) and `read.py` (API JSON -> resources) both end in the
shapes documented here, so a diff of the two sides is a plain `==`. Attribute values are what
Salesforce stores (its type names, API names, integer percents), never the definitions' words;
`provider.DECLARATIONS` says how each is shown to a person.

Resource ids are `salesforce/<kind>/<key>`; keys are natural keys (API names), never record
ids (`15/18-char Ids` are remote ids, kept in state).

    custom_field      <Object>.<Field>        e.g. Opportunity.Forecast_Probability__c
        object        "Opportunity"           sObject API name (OBJECTS values)
        name          "Forecast_Probability__c"
        label         str
        type          FIELD_TYPES value       Metadata API type name ("Text", "Picklist", ...)
        length        int | None              Text/TextArea/LongTextArea/Email/... only
        precision     int | None              Number/Currency/Percent only
        scale         int | None              Number/Currency/Percent only
        visible_lines int | None              LongTextArea/MultiselectPicklist only
        description   str                     "" when none
        help_text     str                     inlineHelpText; "" when none
        reference_to  str | None              "User" for Lookup fields, else None
        values        [ {value, label, default: bool} ]   active picklist values, in order;
                                              [] for non-picklists. Inactive values are not
                                              listed (read.py drops them): removing a value
                                              from the definitions *deactivates* it on apply,
                                              records keep it.

    value_set         <StandardValueSet name> e.g. OpportunityStage, LeadStatus, Industry
        name          "OpportunityStage"
        values        [ {value, label, default: bool, ...extras} ] active values, in order.
                      OpportunityStage extras: probability (int 0-100), forecast_category
                      (FORECAST_CATEGORIES value), closed (bool), won (bool).
                      LeadStatus extras: converted (bool).
                      Same deactivate-not-delete rule as picklist values. Every org has these
                      sets: they are adopted, never created or deleted.

    business_process  Opportunity.<Name>      a sales process (one per pipeline, only when the
                                              definitions hold more than one deal pipeline)
        object        "Opportunity"
        name          "New Business"          BusinessProcess Name (the pipeline's label)
        description   str
        active        bool
        values        [ {value, default: bool} ]  the OpportunityStage values it offers, in order

    record_type       Opportunity.<DeveloperName>  e.g. Opportunity.New_Business
        object        "Opportunity"
        name          "New_Business"          DeveloperName (api_name of the pipeline key)
        label         str                     the pipeline's label
        description   str
        active        bool
        business_process  str                 the business_process `name` it uses

    validation_rule   <Object>.<ValidationName>  e.g. Opportunity.New_Business_Demo_Exit
        object        "Opportunity"
        name          "New_Business_Demo_Exit"   ValidationName (<= 40 chars, see rule_name)
        active        bool
        formula       str                     errorConditionFormula: TRUE blocks the save
        message       str                     errorMessage (<= 255 chars)
        error_display_field  str | None       a field API name, or None (top of page)
        description   str

Dependencies (`Resource.depends_on`): a validation rule depends on every custom field its
formula names, on the OpportunityStage value set and on its record type; a business process
on the OpportunityStage value set; a record type on its business process.
"""

from __future__ import annotations

import hashlib
import re

PROVIDER = "salesforce"

CUSTOM_FIELD = "custom_field"
VALUE_SET = "value_set"
BUSINESS_PROCESS = "business_process"
RECORD_TYPE = "record_type"
VALIDATION_RULE = "validation_rule"
KINDS = (CUSTOM_FIELD, VALUE_SET, BUSINESS_PROCESS, RECORD_TYPE, VALIDATION_RULE)

OBJECTS: dict[str, tuple[str, ...]] = {
    "contact": ("Lead", "Contact"),
    "company": ("Account",),
    "deal": ("Opportunity",),
    "ticket": ("Case",),
}
"""Definitions' object -> the sObjects its fields live on. A contact field exists on both Lead
and Contact (a person is a Lead until converted); lead conversion field mapping is not managed."""

SOBJECTS = ("Lead", "Contact", "Account", "Opportunity", "Case")

FIELD_TYPES: dict[str, str] = {
    "string": "Text",
    "text": "LongTextArea",
    "number": "Number",
    "currency": "Currency",
    "percent": "Percent",
    "bool": "Checkbox",
    "date": "Date",
    "datetime": "DateTime",
    "enum": "Picklist",
    "multi_enum": "MultiselectPicklist",
    "owner": "Lookup",
}
"""Definition type -> Metadata API CustomField type (a field's `api_types.salesforce`
overrides it, e.g. `Email`, `Phone`, `Url`, `TextArea`)."""

TYPE_DEFAULTS: dict[str, dict[str, int | None]] = {
    "Text": {"length": 255},
    "TextArea": {},
    "LongTextArea": {"length": 32768, "visible_lines": 5},
    "Html": {"length": 32768, "visible_lines": 10},
    "Email": {},
    "Phone": {},
    "Url": {},
    "Number": {"precision": 18, "scale": 2},
    "Currency": {"precision": 18, "scale": 2},
    "Percent": {"precision": 5, "scale": 2},
    "Checkbox": {},
    "Date": {},
    "DateTime": {},
    "Picklist": {},
    "MultiselectPicklist": {"visible_lines": 4},
    "Lookup": {},
}
"""The size attributes revops sends for each type it creates (all others are None)."""

FORECAST_CATEGORIES: dict[str, str] = {
    "pipeline": "Pipeline",
    "best_case": "BestCase",
    "commit": "Forecast",
    "closed": "Closed",
    "omitted": "Omitted",
}
"""Definition forecast category -> OpportunityStage `forecastCategory` (Salesforce's API name
for the Commit category is `Forecast`)."""

STAGE_SET = "OpportunityStage"
LEAD_STATUS_SET = "LeadStatus"

STANDARD_PICKLISTS: dict[str, str] = {
    "Opportunity.StageName": STAGE_SET,
    "Lead.Status": LEAD_STATUS_SET,
    "Opportunity.Type": "OpportunityType",
    "Account.Industry": "Industry",
    "Lead.Industry": "Industry",
    "Lead.LeadSource": "LeadSource",
    "Contact.LeadSource": "LeadSource",
    "Opportunity.LeadSource": "LeadSource",
    "Account.Type": "AccountType",
    "Account.Rating": "AccountRating",
    "Lead.Rating": "AccountRating",
}
"""Standard picklist fields and the StandardValueSet holding their values."""

_NAME_LIMIT = 40


def api_name(key: str) -> str:
    """A definition key as a Salesforce developer name: `forecast_probability` ->
    `Forecast_Probability` (letters, digits and single underscores, starting with a letter,
    at most 40 characters; a longer one keeps a stable hash suffix)."""
    parts = [p for p in re.split(r"[^A-Za-z0-9]+", key) if p]
    name = "_".join(p[:1].upper() + p[1:] for p in parts) or "X"
    if not name[0].isalpha():
        name = "X_" + name
    return _fit(name)


def custom_field_name(key: str) -> str:
    """`forecast_probability` -> `Forecast_Probability__c`."""
    return api_name(key) + "__c"


def rule_name(*parts: str) -> str:
    """A ValidationName from parts: `rule_name("new_business", "demo", "exit")` ->
    `New_Business_Demo_Exit`."""
    return _fit("_".join(api_name(p) for p in parts))


def _fit(name: str) -> str:
    name = re.sub(r"_+", "_", name).strip("_")
    if len(name) <= _NAME_LIMIT:
        return name
    digest = hashlib.sha1(name.encode()).hexdigest()[:6]
    return name[: _NAME_LIMIT - 7].rstrip("_") + "_" + digest


def is_custom(name: str) -> bool:
    return name.endswith("__c")


def key_of(object_name: str, name: str) -> str:
    return f"{object_name}.{name}"


__all__ = [
    "BUSINESS_PROCESS",
    "CUSTOM_FIELD",
    "FIELD_TYPES",
    "FORECAST_CATEGORIES",
    "KINDS",
    "LEAD_STATUS_SET",
    "OBJECTS",
    "PROVIDER",
    "RECORD_TYPE",
    "SOBJECTS",
    "STAGE_SET",
    "STANDARD_PICKLISTS",
    "TYPE_DEFAULTS",
    "VALIDATION_RULE",
    "VALUE_SET",
    "api_name",
    "custom_field_name",
    "is_custom",
    "key_of",
    "rule_name",
]
