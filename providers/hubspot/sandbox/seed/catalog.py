"""The portal's standard configuration: property groups, the default pipelines, owners on teams.

Everything here is what a fresh HubSpot portal (plus the company's people) holds before anyone
customises it, as plain data in HubSpot's own JSON shapes, ready for `HubSpotStore.insert_*`.
Standard properties live in `standard_props.py`; the customisations that make the portal messy
live in `mess.py`.

Sources: the spec notes (`/work/shared/specs/hubspot.md` a.1-a.3) for shapes and the default
deal pipeline; HubSpot's "Default properties" knowledge-base pages for group names and labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

JSON = dict[str, Any]

PORTAL_CREATED_AT = "2021-03-15T14:02:11.000Z"
"""When the portal was created: HubSpot-defined properties carry this as `createdAt`."""

EPOCH = "1970-01-01T00:00:00Z"
"""HubSpot reports `createdAt` 0 for its default pipelines (spec note a.2)."""


def options(pairs: Sequence[tuple[str, str]]) -> list[JSON]:
    """Enumeration options from `(label, value)` pairs, in display order."""
    return [
        {"label": label, "value": value, "displayOrder": i, "hidden": False}
        for i, (label, value) in enumerate(pairs)
    ]


def standard(
    name: str,
    label: str,
    type_: str,
    field_type: str,
    group: str,
    *,
    description: str = "",
    opts: Sequence[tuple[str, str]] = (),
    read_only_value: bool = False,
    read_only_options: bool | None = None,
    form_field: bool = False,
    **extra: Any,
) -> JSON:
    """A HubSpot-defined property as the properties API returns it.

    HubSpot-defined definitions are read-only and not archivable; `read_only_value` marks the
    ones HubSpot calculates (record ids, lifecycle dates, counts).
    """
    meta: JSON = {
        "archivable": False,
        "readOnlyDefinition": True,
        "readOnlyValue": read_only_value,
    }
    if read_only_options is not None:
        meta["readOnlyOptions"] = read_only_options
    doc: JSON = {
        "name": name,
        "label": label,
        "type": type_,
        "fieldType": field_type,
        "groupName": group,
        "description": description,
        "options": options(opts),
        "hubspotDefined": True,
        "formField": form_field,
        "createdAt": PORTAL_CREATED_AT,
        "updatedAt": PORTAL_CREATED_AT,
        "modificationMetadata": meta,
    }
    doc.update(extra)
    return doc


def owner_property(label: str, group: str) -> JSON:
    """The standard `hubspot_owner_id` property; its options come from the portal's users."""
    return standard(
        "hubspot_owner_id",
        label,
        "enumeration",
        "select",
        group,
        externalOptions=True,
        referencedObjectType="OWNER",
    )


# -- property groups -------------------------------------------------------------------------

PROPERTY_GROUPS: dict[str, list[JSON]] = {
    "contacts": [
        {"name": "contactinformation", "label": "Contact information", "displayOrder": 0},
        {"name": "emailinformation", "label": "Email information", "displayOrder": 1},
        {"name": "sales_properties", "label": "Sales properties", "displayOrder": 2},
        {"name": "conversioninformation", "label": "Conversion information", "displayOrder": 3},
        {"name": "analyticsinformation", "label": "Web analytics history", "displayOrder": 4},
        {"name": "socialmediainformation", "label": "Social media information", "displayOrder": 5},
        {"name": "contact_activity", "label": "Contact activity", "displayOrder": 6},
    ],
    "companies": [
        {"name": "companyinformation", "label": "Company information", "displayOrder": 0},
        {"name": "company_activity", "label": "Company activity", "displayOrder": 1},
        {"name": "analyticsinformation", "label": "Web analytics history", "displayOrder": 2},
        {"name": "socialmediainformation", "label": "Social media information", "displayOrder": 3},
    ],
    "deals": [
        {"name": "dealinformation", "label": "Deal information", "displayOrder": 0},
        {"name": "deal_activity", "label": "Deal activity", "displayOrder": 1},
        {"name": "dealstages", "label": "Deal stage history", "displayOrder": 2},
    ],
    "tickets": [
        {"name": "ticketinformation", "label": "Ticket information", "displayOrder": 0},
    ],
}
"""HubSpot's standard groups per object type (`revops_standard` is absent: the plan makes it)."""


# -- pipelines -------------------------------------------------------------------------------

DEAL_STAGES: tuple[tuple[str, str, float, bool], ...] = (
    ("appointmentscheduled", "Appointment Scheduled", 0.2, False),
    ("qualifiedtobuy", "Qualified To Buy", 0.4, False),
    ("presentationscheduled", "Presentation Scheduled", 0.6, False),
    ("decisionmakerboughtin", "Decision Maker Bought-In", 0.8, False),
    ("contractsent", "Contract Sent", 0.9, False),
    ("closedwon", "Closed Won", 1.0, True),
    ("closedlost", "Closed Lost", 0.0, True),
)
"""The default deal pipeline's standard stages: (id, label, probability, closed)."""

OPEN_STAGE_IDS: tuple[str, ...] = tuple(s[0] for s in DEAL_STAGES if not s[3])
"""The open stages of `default`, in pipeline order."""

LEGACY_STAGE: tuple[str, str, float] = ("legacy_verbal", "Legacy – Verbal commit", 0.9)
"""A stage a former sales leader added and nobody uses (no deal is ever in it)."""


def default_deal_pipeline() -> JSON:
    """HubSpot's `default` deal pipeline ("Sales Pipeline") plus the unused legacy stage.

    The legacy stage sits between "Contract Sent" and "Closed Won", as it would have when it
    was added; HubSpot orders stages by `displayOrder`.
    """
    stages: list[JSON] = []
    for order, (stage_id, label, probability, closed) in enumerate(DEAL_STAGES):
        stages.append(
            {
                "id": stage_id,
                "label": label,
                "displayOrder": order if order < 5 else order + 1,
                "metadata": {"isClosed": closed, "probability": probability},
                "createdAt": EPOCH,
            }
        )
    legacy_id, legacy_label, legacy_probability = LEGACY_STAGE
    stages.append(
        {
            "id": legacy_id,
            "label": legacy_label,
            "displayOrder": 5,
            "metadata": {"isClosed": False, "probability": legacy_probability},
            "createdAt": "2022-02-01T16:20:00.000Z",
        }
    )
    stages.sort(key=lambda s: int(s["displayOrder"]))
    return {
        "id": "default",
        "label": "Sales Pipeline",
        "displayOrder": 0,
        "createdAt": EPOCH,
        "stages": stages,
    }


def default_ticket_pipeline() -> JSON:
    """HubSpot's default ticket pipeline ("Support Pipeline", id `0`, stages `1`-`4`)."""
    stages = [
        ("1", "New", "OPEN"),
        ("2", "Waiting on contact", "OPEN"),
        ("3", "Waiting on us", "OPEN"),
        ("4", "Closed", "CLOSED"),
    ]
    return {
        "id": "0",
        "label": "Support Pipeline",
        "displayOrder": 0,
        "createdAt": EPOCH,
        "stages": [
            {
                "id": stage_id,
                "label": label,
                "displayOrder": i,
                "metadata": {"ticketState": state},
                "createdAt": EPOCH,
            }
            for i, (stage_id, label, state) in enumerate(stages)
        ],
    }


# -- owners on teams -------------------------------------------------------------------------

TEAMS: dict[str, JSON] = {
    "sales": {"id": "4410101", "name": "Sales"},
    "sdr": {"id": "4410102", "name": "Sales Development"},
    "customer_success": {"id": "4410103", "name": "Customer Success"},
    "marketing": {"id": "4410104", "name": "Marketing"},
}
"""HubSpot teams by role key. SDRs sit in Sales Development and, secondarily, in Sales."""

# (first, last, role): role is one of ae, sdr, sales_manager, csm, cs_manager, marketing.
_PEOPLE: tuple[tuple[str, str, str], ...] = (
    ("Dana", "Whitfield", "sales_manager"),
    ("Marcus", "Oyelaran", "ae"),
    ("Priya", "Raman", "ae"),
    ("Tom", "Bergström", "ae"),
    ("Elena", "Vasquez", "ae"),
    ("Jordan", "Kim", "ae"),
    ("Liam", "O'Connor", "sdr"),
    ("Aisha", "Bello", "sdr"),
    ("Noah", "Fischer", "sdr"),
    ("Grace", "Liu", "cs_manager"),
    ("Mateo", "Rossi", "csm"),
    ("Hannah", "Schultz", "csm"),
    ("Sofia", "Andersen", "marketing"),
    ("Ben", "Adeyemi", "marketing"),
)

_ROLE_TEAMS: dict[str, tuple[str, ...]] = {
    "sales_manager": ("sales",),
    "ae": ("sales",),
    "sdr": ("sdr", "sales"),
    "cs_manager": ("customer_success",),
    "csm": ("customer_success",),
    "marketing": ("marketing",),
}

OWNER_ID_BASE = 71_500_100
"""Owner ids are numeric in HubSpot; ours count up from here in `_PEOPLE` order."""


def owners() -> list[JSON]:
    """The portal's owners (`PublicOwner` input for `insert_owners`).

    Each also carries a `role` key (ae, sdr, sales_manager, csm, cs_manager, marketing) for
    the record generator; the store drops it, since HubSpot owners have no role field.
    """
    out: list[JSON] = []
    for i, (first, last, role) in enumerate(_PEOPLE):
        email_local = f"{first}.{last}".lower().replace("'", "").replace("ö", "o")
        teams = [
            {**TEAMS[key], "primary": position == 0}
            for position, key in enumerate(_ROLE_TEAMS[role])
        ]
        out.append(
            {
                "id": OWNER_ID_BASE + i,
                "userId": 9_120_000 + i,
                "email": f"{email_local}@northwind.example",
                "firstName": first,
                "lastName": last,
                "type": "PERSON",
                "teams": teams,
                "createdAt": "2021-03-15T15:00:00.000Z",
                "updatedAt": "2024-01-08T09:30:00.000Z",
                "role": role,
            }
        )
    return out


def owner_ids_by_role(owner_docs: Sequence[JSON]) -> dict[str, list[str]]:
    """Owner ids (strings, as record values hold them) grouped by role key."""
    out: dict[str, list[str]] = {}
    for owner in owner_docs:
        out.setdefault(str(owner["role"]), []).append(str(owner["id"]))
    return out


__all__ = [
    "DEAL_STAGES",
    "EPOCH",
    "LEGACY_STAGE",
    "OPEN_STAGE_IDS",
    "PORTAL_CREATED_AT",
    "PROPERTY_GROUPS",
    "TEAMS",
    "default_deal_pipeline",
    "default_ticket_pipeline",
    "options",
    "owner_ids_by_role",
    "owner_property",
    "owners",
    "standard",
]
