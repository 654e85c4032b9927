"""Definitions -> the Marketo lead fields that express them (the provider's vendor mapping).

    FieldStandard (contact) -> one lead field per field: name `api_names.marketo`, else the
                               key in camelCase; type `api_types.marketo` (one of Marketo's
                               create types), else TYPES below
    FieldStandard (others)  -> nothing: Marketo's company/opportunity fields are read-only in
                               the API (the lead's company fields sync from the CRM), and
                               deals live in the CRM; one INFO each says so
    Lifecycle (contact)     -> its stage field is `leadStatus` (Marketo's standard field
                               that the CRM sync keeps with the lead/contact status); stage
                               keys (or `api_ids.marketo`) are its values

Choices, each reported where it applies:
- A field that maps to one of Marketo's standard lead fields (`email`, `leadSource`,
  `leadStatus`, ...) is Marketo's: its type and display name stay as Marketo ships them;
  revops only checks it exists (INFO MK101), as HubSpot's compile does for HubSpot-defined
  properties.
- `number` -> `float` (a number may hold decimals; say `api_types: {marketo: integer}` for
  whole numbers); `text` -> `string` (the API creates no text-area fields; INFO gap);
  `enum`/`multi_enum` -> `string`: Marketo's API holds no picklist values, so options are
  not enforced in Marketo (INFO gap; the consistency report and audit compare values);
  `owner` -> not compiled: the owner arrives by the CRM sync (leadOwner* fields), INFO MK103.
- `pii: true` -> `is_sensitive`.
Value ranges, required-at-stage and derived facts are capability gaps.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from revops_as_code.compile import capability_gap
from revops_as_code.diagnostics import Diagnostic, Location, Severity
from revops_as_code.providers.base import CompileResult
from revops_as_code.resources import Resource, ResourceSet

from .model import DATA_TYPES, NAME, camel, canonical, rid

if TYPE_CHECKING:
    from revops_as_code.models import Definitions

SYSTEM = "Marketo"
MK = "marketo"
LIFECYCLE_FIELD = "leadStatus"

STANDARD_FIELD = "MK101"
OTHER_OBJECT = "MK102"
OWNER_FIELD = "MK103"
BAD_TYPE = "MK104"
BAD_NAME = "MK105"

TYPES = {
    "string": "string",
    "text": "string",
    "number": "float",
    "currency": "currency",
    "percent": "percent",
    "bool": "boolean",
    "date": "date",
    "datetime": "datetime",
    "enum": "string",
    "multi_enum": "string",
}

STANDARD_FIELDS = frozenset(
    {
        "id", "createdAt", "updatedAt", "email", "firstName", "lastName", "middleName",
        "salutation", "company", "title", "phone", "mobilePhone", "fax", "website",
        "industry", "numberOfEmployees", "annualRevenue", "leadSource", "leadStatus",
        "leadScore", "rating", "address", "city", "state", "country", "postalCode",
        "unsubscribed", "unsubscribedReason", "doNotCall", "doNotCallReason",
        "leadRole", "department", "dateOfBirth", "emailInvalid", "emailInvalidCause",
        "marketingSuspended", "leadPerson", "sfdcLeadId", "sfdcContactId", "sfdcAccountId",
        "sfdcLeadOwnerId", "sfdcType", "leadPartitionId", "cookies",
    }
)  # fmt: skip
"""Marketo's standard lead fields (the ones a stock instance ships; not created by revops)."""


def _documents(definitions: Definitions) -> Iterator[tuple[Any, Any]]:
    for document in definitions.documents:
        yield document.model, document.source


def _where(source: Any, pointer: str) -> str:
    try:
        return str(source.location(pointer))
    except Exception:  # a source without positions (built in memory) is still fine
        return str(getattr(source, "path", "") or "")


def _location(where: str, obj: str) -> Location:
    parts = where.rsplit(":", 2)
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return Location(file=parts[0], line=int(parts[1]), col=int(parts[2]), object=obj)
    return Location(file=where, object=obj)


def _field_key(ref: str) -> str:
    """`lifecyclestage` or `field/contact/lifecyclestage` -> `lifecyclestage`."""
    return str(ref).rsplit("/", 1)[-1]


class _Build:
    def __init__(self) -> None:
        self.resources: dict[str, Resource] = {}
        self.diagnostics: list[Diagnostic] = []

    def note(
        self,
        severity: Severity,
        code: str,
        message: str,
        where: str,
        obj: str,
        hint: str | None = None,
    ) -> None:
        self.diagnostics.append(
            Diagnostic(severity, code, message, _location(where, obj), hint=hint)
        )

    def gap(self, what: str, where: str, obj: str) -> None:
        self.diagnostics.append(capability_gap(SYSTEM, what, location=_location(where, obj)))


def compile_definitions(definitions: Definitions) -> CompileResult:
    """The desired Marketo lead fields for `definitions`, plus gaps and notes."""
    build = _Build()
    documents = list(_documents(definitions))
    lifecycles = {
        _field_key(m.field): (m, s)
        for m, s in documents
        if m.kind == "Lifecycle" and m.object == "contact"
    }
    for model, source in documents:
        if model.kind == "FieldStandard":
            if model.object == "contact":
                _contact_standard(build, model, source, lifecycles)
            else:
                build.note(
                    Severity.INFO, OTHER_OBJECT,
                    f"the {model.object} field standard ({len(model.fields)} fields) is not "
                    "compiled for Marketo: Marketo manages lead fields only (its company and "
                    "opportunity fields are read-only in the API and sync from the CRM)",
                    _where(source, ""), f"field_standard/{model.object}",
                )  # fmt: skip
        elif model.kind == "Lifecycle" and model.object == "contact":
            build.gap(
                f"lifecycle {model.key!r}: stages as values of leadStatus "
                f"({len(model.stages)} stages; Marketo's API holds no picklist values, and "
                "entry criteria are Marketo smart campaigns)",
                _where(source, ""), f"lifecycle/{model.key}",
            )  # fmt: skip
    return CompileResult(ResourceSet.of(build.resources.values()), tuple(build.diagnostics))


def _contact_standard(
    build: _Build, standard: Any, source: Any, lifecycles: dict[str, Any]
) -> None:
    for index, fdef in enumerate(standard.fields):
        where = _where(source, f"/fields/{index}")
        origin = f"field/contact/{fdef.key}"
        explicit = fdef.api_names.get(MK)
        if explicit is None and fdef.key in lifecycles:
            explicit = LIFECYCLE_FIELD
        if fdef.type == "owner" and explicit is None:
            build.note(
                Severity.INFO, OWNER_FIELD,
                f"{origin} (an owner) is not a Marketo lead field revops creates: the owner "
                "arrives on the lead by the CRM sync (Marketo's leadOwner* fields)",
                where, origin,
            )  # fmt: skip
            continue
        name = str(explicit or camel(fdef.key))
        if not NAME.match(name):
            build.note(
                Severity.ERROR, BAD_NAME,
                f"{origin} maps to Marketo name {name!r}, which is not a valid lead field name",
                where, origin,
                hint="a Marketo API name starts with a letter and holds letters, digits and "
                "underscores: set api_names.marketo",
            )  # fmt: skip
            continue
        _field_gaps(build, fdef, name, where, governed=fdef.key in lifecycles)
        protect = bool(fdef.protect or standard.protect)
        if name in STANDARD_FIELDS:
            build.note(
                Severity.INFO, STANDARD_FIELD,
                f"lead field {name} is a Marketo standard field: its type and display "
                f"name are Marketo's; revops checks that it exists ({origin})",
                where, f"marketo/lead_field/{name}",
            )  # fmt: skip
            attrs: dict[str, Any] = {}
            protect = True
        else:
            data_type = fdef.api_types.get(MK) or TYPES[fdef.type]
            if data_type not in DATA_TYPES:
                build.note(
                    Severity.ERROR, BAD_TYPE,
                    f"api_types.marketo {data_type!r} of {origin} is not a type Marketo can "
                    "create a lead field with",
                    where, origin, hint=f"use one of: {', '.join(DATA_TYPES)}",
                )  # fmt: skip
                continue
            attrs = canonical(
                {
                    "display_name": fdef.label,
                    "data_type": data_type,
                    "description": fdef.description,
                    "is_sensitive": fdef.pii,
                }
            )
        build.resources[name] = Resource(
            id=rid(name),
            attributes=attrs,
            ignore=_ignored(fdef.ignore),
            protect=protect,
            source=where,
            origin=origin,
        )


_ALIASES = {"label": "display_name", "type": "data_type", "pii": "is_sensitive"}


def _ignored(names: Any) -> frozenset[str]:
    return frozenset(_ALIASES.get(n, n) for n in names)


def _field_gaps(build: _Build, fdef: Any, name: str, where: str, *, governed: bool) -> None:
    obj = f"marketo/lead_field/{name}"
    # A lifecycle's stage field: the lifecycle's own gap names its stages.
    if fdef.type in ("enum", "multi_enum") and not governed:
        build.gap(
            f"options of {fdef.key} ({len(fdef.options)} options; Marketo's API holds no "
            "picklist values on lead fields)",
            where, obj,
        )  # fmt: skip
    if fdef.type == "text":
        build.gap(f"multi-line text of {fdef.key} (created as a string field)", where, obj)
    if fdef.minimum is not None or fdef.maximum is not None:
        build.gap(f"value range of {fdef.key}", where, obj)
    if fdef.required_at:
        build.gap(f"{fdef.key} required at {', '.join(fdef.required_at)}", where, obj)
