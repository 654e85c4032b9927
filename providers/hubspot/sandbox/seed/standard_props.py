"""HubSpot's standard (HubSpot-defined) properties of contacts and companies.

A few dozen per object, chosen for what revops and its audit read, with HubSpot's internal
names, labels, types, field types and groups ("Default contact/company/deal properties"
knowledge-base pages; value shapes from the spec notes a.1). Accuracy over volume: a property
is listed only when its internal name is certain. Deals are in `standard_deals.py`; tickets
get only the handful a ticket pipeline needs.
"""

from __future__ import annotations

from .catalog import JSON, owner_property, standard
from .standard_deals import deal_properties

LIFECYCLE_STAGES: tuple[tuple[str, str], ...] = (
    ("Subscriber", "subscriber"),
    ("Lead", "lead"),
    ("Marketing Qualified Lead", "marketingqualifiedlead"),
    ("Sales Qualified Lead", "salesqualifiedlead"),
    ("Opportunity", "opportunity"),
    ("Customer", "customer"),
    ("Evangelist", "evangelist"),
    ("Other", "other"),
)
"""The eight default `lifecyclestage` options (customisable since 2022-09)."""

LEAD_STATUSES: tuple[tuple[str, str], ...] = (
    ("New", "NEW"),
    ("Open", "OPEN"),
    ("In Progress", "IN_PROGRESS"),
    ("Open Deal", "OPEN_DEAL"),
    ("Unqualified", "UNQUALIFIED"),
    ("Attempted to Contact", "ATTEMPTED_TO_CONTACT"),
    ("Connected", "CONNECTED"),
    ("Bad Timing", "BAD_TIMING"),
)
"""`hs_lead_status` default options."""

INDUSTRIES: tuple[tuple[str, str], ...] = (
    ("Accounting", "ACCOUNTING"),
    ("Airlines/Aviation", "AIRLINES_AVIATION"),
    ("Automotive", "AUTOMOTIVE"),
    ("Banking", "BANKING"),
    ("Biotechnology", "BIOTECHNOLOGY"),
    ("Computer & Network Security", "COMPUTER_NETWORK_SECURITY"),
    ("Computer Hardware", "COMPUTER_HARDWARE"),
    ("Computer Software", "COMPUTER_SOFTWARE"),
    ("Construction", "CONSTRUCTION"),
    ("Consumer Goods", "CONSUMER_GOODS"),
    ("E-Learning", "E_LEARNING"),
    ("Financial Services", "FINANCIAL_SERVICES"),
    ("Food & Beverages", "FOOD_BEVERAGES"),
    ("Higher Education", "HIGHER_EDUCATION"),
    ("Hospital & Health Care", "HOSPITAL_HEALTH_CARE"),
    ("Hospitality", "HOSPITALITY"),
    ("Information Technology and Services", "INFORMATION_TECHNOLOGY_AND_SERVICES"),
    ("Insurance", "INSURANCE"),
    ("Internet", "INTERNET"),
    ("Logistics and Supply Chain", "LOGISTICS_AND_SUPPLY_CHAIN"),
    ("Management Consulting", "MANAGEMENT_CONSULTING"),
    ("Marketing and Advertising", "MARKETING_AND_ADVERTISING"),
    ("Mechanical or Industrial Engineering", "MECHANICAL_OR_INDUSTRIAL_ENGINEERING"),
    ("Medical Devices", "MEDICAL_DEVICES"),
    ("Oil & Energy", "OIL_ENERGY"),
    ("Pharmaceuticals", "PHARMACEUTICALS"),
    ("Real Estate", "REAL_ESTATE"),
    ("Retail", "RETAIL"),
    ("Staffing and Recruiting", "STAFFING_AND_RECRUITING"),
    ("Telecommunications", "TELECOMMUNICATIONS"),
)
"""A subset of HubSpot's ~150 `industry` options (the values are HubSpot's)."""

COMPANY_TYPES: tuple[tuple[str, str], ...] = (
    ("Prospect", "PROSPECT"),
    ("Partner", "PARTNER"),
    ("Reseller", "RESELLER"),
    ("Vendor", "VENDOR"),
    ("Other", "OTHER"),
)

ANALYTICS_SOURCES: tuple[tuple[str, str], ...] = (
    ("Organic Search", "ORGANIC_SEARCH"),
    ("Paid Search", "PAID_SEARCH"),
    ("Email Marketing", "EMAIL_MARKETING"),
    ("Organic Social", "SOCIAL_MEDIA"),
    ("Referrals", "REFERRALS"),
    ("Other Campaigns", "OTHER_CAMPAIGNS"),
    ("Direct Traffic", "DIRECT_TRAFFIC"),
    ("Offline Sources", "OFFLINE"),
    ("Paid Social", "PAID_SOCIAL"),
)
"""`hs_analytics_source` ("Original Source") options."""


def _lifecycle_dates() -> list[JSON]:
    return [
        standard(
            f"hs_lifecyclestage_{value}_date",
            f"Became a{'n' if label[0] in 'AEIOU' else ''} {label} Date",
            "datetime",
            "date",
            "contactinformation",
            read_only_value=True,
        )
        for label, value in LIFECYCLE_STAGES
    ]


def contact_properties() -> list[JSON]:
    """Standard contact properties."""
    g = "contactinformation"
    return [
        standard("firstname", "First Name", "string", "text", g, form_field=True),
        standard("lastname", "Last Name", "string", "text", g, form_field=True),
        standard(
            "email", "Email", "string", "text", g, form_field=True, description="A contact's email"
        ),
        standard("phone", "Phone Number", "string", "phonenumber", g, form_field=True),
        standard("mobilephone", "Mobile Phone Number", "string", "phonenumber", g),
        standard("company", "Company Name", "string", "text", g, form_field=True),
        standard("jobtitle", "Job Title", "string", "text", g, form_field=True),
        standard("website", "Website URL", "string", "text", g),
        standard("city", "City", "string", "text", g),
        standard("state", "State/Region", "string", "text", g),
        standard("country", "Country/Region", "string", "text", g),
        standard("industry", "Industry", "string", "text", g),
        standard(
            "lifecyclestage",
            "Lifecycle Stage",
            "enumeration",
            "radio",
            g,
            opts=LIFECYCLE_STAGES,
            read_only_options=False,
            description="The qualification of contacts to sales readiness.",
        ),
        standard(
            "hs_lead_status",
            "Lead Status",
            "enumeration",
            "radio",
            "sales_properties",
            opts=LEAD_STATUSES,
            read_only_options=False,
        ),
        owner_property("Contact owner", "sales_properties"),
        standard("createdate", "Create Date", "datetime", "date", g),
        standard(
            "lastmodifieddate", "Last Modified Date", "datetime", "date", g, read_only_value=True
        ),
        standard("hs_object_id", "Record ID", "number", "number", g, read_only_value=True),
        standard(
            "associatedcompanyid",
            "Primary Associated Company ID",
            "number",
            "number",
            g,
            read_only_value=True,
        ),
        *_lifecycle_dates(),
        standard(
            "hs_sa_first_engagement_date",
            "Date of first engagement",
            "datetime",
            "date",
            "sales_properties",
            read_only_value=True,
        ),
        standard(
            "notes_last_contacted",
            "Last Contacted",
            "datetime",
            "date",
            "contact_activity",
            read_only_value=True,
        ),
        standard(
            "notes_last_updated",
            "Last Activity Date",
            "datetime",
            "date",
            "contact_activity",
            read_only_value=True,
        ),
        standard(
            "num_associated_deals",
            "Number of Associated Deals",
            "number",
            "number",
            "sales_properties",
            read_only_value=True,
        ),
        standard(
            "hs_analytics_source",
            "Original Source",
            "enumeration",
            "select",
            "analyticsinformation",
            opts=ANALYTICS_SOURCES,
            read_only_value=True,
            read_only_options=True,
        ),
    ]


def company_properties() -> list[JSON]:
    """Standard company properties."""
    g = "companyinformation"
    return [
        standard("name", "Company name", "string", "text", g),
        standard("domain", "Company Domain Name", "string", "text", g),
        standard("website", "Website URL", "string", "text", g),
        standard(
            "industry",
            "Industry",
            "enumeration",
            "select",
            g,
            opts=INDUSTRIES,
            read_only_options=False,
            description="The type of business the company performs.",
        ),
        standard(
            "numberofemployees",
            "Number of Employees",
            "number",
            "number",
            g,
            description="The total number of employees who work for the company.",
        ),
        standard(
            "annualrevenue",
            "Annual Revenue",
            "number",
            "number",
            g,
            numberDisplayHint="currency",
            showCurrencySymbol=True,
        ),
        standard("type", "Type", "enumeration", "select", g, opts=COMPANY_TYPES),
        standard(
            "lifecyclestage",
            "Lifecycle Stage",
            "enumeration",
            "radio",
            g,
            opts=LIFECYCLE_STAGES,
            read_only_options=False,
        ),
        owner_property("Company owner", g),
        standard("city", "City", "string", "text", g),
        standard("state", "State/Region", "string", "text", g),
        standard("country", "Country/Region", "string", "text", g),
        standard("phone", "Phone Number", "string", "phonenumber", g),
        standard("description", "Description", "string", "textarea", g),
        standard("founded_year", "Year Founded", "string", "text", g),
        standard("createdate", "Create Date", "datetime", "date", g),
        standard(
            "hs_lastmodifieddate", "Last Modified Date", "datetime", "date", g, read_only_value=True
        ),
        standard("hs_object_id", "Record ID", "number", "number", g, read_only_value=True),
        standard(
            "num_associated_contacts",
            "Number of Associated Contacts",
            "number",
            "number",
            g,
            read_only_value=True,
        ),
        standard(
            "num_associated_deals",
            "Number of Associated Deals",
            "number",
            "number",
            g,
            read_only_value=True,
        ),
        standard(
            "notes_last_updated",
            "Last Activity Date",
            "datetime",
            "date",
            "company_activity",
            read_only_value=True,
        ),
    ]


def ticket_properties() -> list[JSON]:
    """The few ticket properties a ticket pipeline needs: its records' pipeline and stage
    (`hs_pipeline`, `hs_pipeline_stage`: what a plan's impact search and the audit filter
    on), subject and description ("Default ticket properties")."""
    g = "ticketinformation"
    return [
        standard("subject", "Ticket name", "string", "text", g),
        standard("content", "Ticket description", "string", "textarea", g),
        standard("hs_pipeline", "Pipeline", "enumeration", "select", g,
                 opts=(("Support Pipeline", "0"),), read_only_options=False,
                 externalOptions=True),
        standard("hs_pipeline_stage", "Ticket status", "enumeration", "select", g,
                 opts=(("New", "1"), ("Waiting on contact", "2"), ("Waiting on us", "3"),
                       ("Closed", "4")), read_only_options=False, externalOptions=True),
    ]  # fmt: skip


STANDARD_PROPERTIES = {
    "contacts": contact_properties,
    "companies": company_properties,
    "deals": deal_properties,
    "tickets": ticket_properties,
}
"""Builders of each object type's standard properties."""

__all__ = [
    "ANALYTICS_SOURCES",
    "INDUSTRIES",
    "LEAD_STATUSES",
    "LIFECYCLE_STAGES",
    "STANDARD_PROPERTIES",
    "company_properties",
    "contact_properties",
    "deal_properties",
]
