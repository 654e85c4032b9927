"""The consistency rules: what two targets' field profiles must agree on, and who fixes what.

Pairwise and vendor-neutral: the rules read `LiveField`s (the definitions' type each live
field stands for, its option list, limits and held values) and the definitions (a field's
`system_of_record`, its options with their `replaces`, lifecycle stages), never a vendor's
vocabulary. A fix names one system when one side alone is off (it differs from the
standard, or the standard says the other side owns the value), else the definition.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from revops_as_code.consistency.report import (
    MISSING,
    OPTIONS_DIFFER,
    REJECTED_VALUES,
    TYPE_MISMATCH,
    Finding,
    TargetProfiles,
)
from revops_as_code.providers.profiles import LiveField

if TYPE_CHECKING:
    from revops_as_code.models import Definitions

FREE_TEXT = frozenset({"string", "text"})
OPTION_TYPES = frozenset({"enum", "multi_enum"})
SHOWN = 5
"""Values listed in a message before "and N more"."""


@dataclass(frozen=True)
class _Side:
    """One target's live field in a pair."""

    target: TargetProfiles
    field: LiveField

    @property
    def name(self) -> str:
        return self.target.target

    @property
    def provider(self) -> str:
        return self.target.provider

    def says(self) -> str:
        vendor = f" ({self.field.vendor_type})" if self.field.vendor_type else ""
        return f"{self.name}'s {self.field.name}{vendor}"


class Standard:
    """What the definitions say, looked up by definition address (all optional)."""

    def __init__(self, definitions: Definitions | None) -> None:
        self.definitions = definitions
        self.lifecycle_of_field: dict[str, str] = {}
        """A lifecycle's stage field address -> the lifecycle's (`lifecycle/<key>`)."""
        if definitions is not None:
            for lc in definitions.lifecycles:
                key = str(lc.field).rsplit("/", 1)[-1]
                self.lifecycle_of_field[f"field/{lc.object}/{key}"] = f"lifecycle/{lc.key}"

    @property
    def lifecycle_fields(self) -> set[str]:
        return set(self.lifecycle_of_field)

    def lifecycle_ref(self, ref: str) -> str:
        """`lifecycle/<key>` for a lifecycle's address or its stage field's."""
        return self.lifecycle_of_field.get(ref, ref)

    def field(self, ref: str) -> Any:
        if self.definitions is None:
            return None
        try:
            return self.definitions.field(ref)
        except Exception:  # a ref the definitions cannot resolve: nothing to say
            return None

    def lifecycle(self, ref: str) -> Any:
        if self.definitions is None:
            return None
        return self.definitions.lifecycle(ref.rsplit("/", 1)[-1])

    def where(self, model: Any) -> str:
        if self.definitions is None or model is None:
            return ""
        document = self.definitions.document_of(model)
        return str(document.source.location("")) if document is not None else ""

    def standard_of(self, obj: str) -> Any:
        return self.definitions.field_standard(obj) if self.definitions is not None else None


def find_all(
    described: Mapping[str, TargetProfiles], definitions: Definitions | None
) -> tuple[list[Finding], int]:
    """Every finding between the described targets, and how many fields were compared."""
    standard = Standard(definitions)
    by_ref: dict[str, dict[str, list[LiveField]]] = {}
    for name, target in described.items():
        for live in target.profiles.fields:
            by_ref.setdefault(live.ref, {}).setdefault(name, []).append(live)
    shared = {ref: per for ref, per in by_ref.items() if len(per) > 1}
    findings: list[Finding] = []
    for ref in sorted(shared):
        present = [n for n in described if n in shared[ref]]
        for i, left in enumerate(present):
            for right in present[i + 1 :]:
                for fa in shared[ref][left]:
                    for fb in shared[ref][right]:
                        a, b = _Side(described[left], fa), _Side(described[right], fb)
                        findings.extend(_pair(standard, ref, a, b))
    from revops_as_code.consistency.lifecycle import lifecycles, unmapped

    findings.extend(lifecycles(standard, described))
    findings.extend(unmapped(standard, described))
    # Fields no system has yet are planned, not compared: they do not count as agreeing.
    compared = sum(any(f.exists for fs in per.values() for f in fs) for per in shared.values())
    return findings, compared


def _pair(standard: Standard, ref: str, a: _Side, b: _Side) -> list[Finding]:
    where = a.field.source or b.field.source
    if not (a.field.exists and b.field.exists):
        if a.field.exists == b.field.exists:
            return []
        here, gone = (a, b) if a.field.exists else (b, a)
        return [
            Finding(
                MISSING, "missing", ref,
                f"{ref} is {here.says()} but {gone.name} has no {gone.field.name}: "
                f"values synced from {here.name} have nowhere to go",
                f"run `revops apply` to create {gone.field.name} in {gone.name} (the plan "
                "lists it, or the manual step the system needs)",
                where, (a.name, b.name), gone.name,
            )
        ]  # fmt: skip
    definition = standard.field(ref)
    if not _compatible(a.field, b.field):
        return [_type_mismatch(definition, ref, a, b, where)]
    if ref in standard.lifecycle_fields:
        return []  # its values are the lifecycle's: compared by `_lifecycles`
    out: list[Finding] = []
    options = _options(definition, ref, a, b, where)
    if options is not None:
        out.append(options)
    out.extend(_rejected(definition, ref, a, b, where))
    out.extend(_rejected(definition, ref, b, a, where))
    return out


# -- types ------------------------------------------------------------------------------


def _holds(field: LiveField, wanted: str | None) -> bool:
    """Whether `field` can hold values of the definitions' type `wanted`."""
    if field.type is None or wanted is None or field.type == wanted:
        return True
    if field.type in FREE_TEXT and wanted in FREE_TEXT:
        return True  # one line or several: lengths are checked on the values
    # A system without option lists keeps an enum as free text; its values are checked.
    return field.type in FREE_TEXT and wanted in OPTION_TYPES and field.options is None


def _compatible(a: LiveField, b: LiveField) -> bool:
    """Whether a sync can carry values both ways (an enum and a list-less text field can:
    the text side stores the option values, which the value checks then compare)."""
    if a.type is None or b.type is None:
        return True
    return _holds(a, b.type) or _holds(b, a.type)


def _type_mismatch(definition: Any, ref: str, a: _Side, b: _Side, where: str) -> Finding:
    message = (
        f"{ref}: {a.says()} holds {a.field.type} values, {b.says()} holds "
        f"{b.field.type} values: a sync between them cannot carry every value"
    )
    owner, other = _owner(definition, a, b)
    if owner is not None and other is not None:
        fix = (
            f"{owner.provider} owns this field (system_of_record): make {other.name}'s "
            f"{other.field.name} a {owner.field.type} field like {owner.name}'s"
        )
        if definition is not None and definition.type != owner.field.type:
            fix += f", and set `type: {owner.field.type}` in the definition"
        return Finding(
            TYPE_MISMATCH, "type", ref, message, fix, where, (a.name, b.name), other.name
        )
    wanted = definition.type if definition is not None else None
    off = [s for s in (a, b) if not _holds(s.field, wanted)] if wanted else []
    if len(off) == 1:
        fix = (
            f"make {off[0].name}'s {off[0].field.name} a {wanted} field, as the definition "
            "says (`revops plan` shows the change, or the manual step when the system's API "
            "cannot change a type)"
        )
        return Finding(
            TYPE_MISMATCH, "type", ref, message, fix, where, (a.name, b.name), off[0].name
        )
    fix = (
        "decide which type the field holds, set `type` (and `system_of_record`) in the "
        "definition, and make both systems follow it"
    )
    return Finding(TYPE_MISMATCH, "type", ref, message, fix, where, (a.name, b.name), None)


def _owner(definition: Any, a: _Side, b: _Side) -> tuple[_Side | None, _Side | None]:
    """(the side the definition's `system_of_record` names, the other) or (None, None)."""
    sor = getattr(definition, "system_of_record", None)
    if sor is None or a.provider == b.provider:
        return None, None
    if a.provider == sor:
        return a, b
    if b.provider == sor:
        return b, a
    return None, None


# -- options ----------------------------------------------------------------------------


def _standard_values(definition: Any, provider: str) -> dict[str, str]:
    """The definition's offered options as `provider` stores them: stored value -> key."""
    if definition is None:
        return {}
    return {
        str(o.api_names.get(provider, o.key)): o.key
        for o in definition.options
        if not (o.hidden or o.deprecated)
    }


def _options(definition: Any, ref: str, a: _Side, b: _Side, where: str) -> Finding | None:
    if a.field.options is None or b.field.options is None:
        return None  # one side keeps no list: its values are checked instead
    only_a = [v for v in a.field.options if v not in b.field.options]
    only_b = [v for v in b.field.options if v not in a.field.options]
    if not only_a and not only_b:
        return None
    parts = [f"only {s.name}'s {s.field.name} offers {listed(map(repr, vals))}" for s, vals in ((a, only_a), (b, only_b)) if vals]  # fmt: skip
    message = f"{ref}: " + "; ".join(parts) + " (a synced record with one of them is refused or kept unlisted)"  # fmt: skip
    owner, other = _owner(definition, a, b)
    if owner is not None and other is not None:
        fix = (
            f"{owner.provider} owns this field (system_of_record): make {other.name}'s "
            f"{other.field.name} offer {owner.name}'s options (set them in the definition's "
            "options and run `revops apply`)"
        )
        return Finding(
            OPTIONS_DIFFER, "options", ref, message, fix, where, (a.name, b.name), other.name
        )
    fixes: list[str] = []
    needs: set[str] = set()
    for side, extra in ((a, only_a), (b, only_b)):
        known = _standard_values(definition, side.provider)
        foreign = [v for v in extra if v not in known]
        if foreign and definition is not None:
            fixes.append(
                f"{listed(map(repr, foreign))} in {side.name} is no option of the definition: add it to "
                f"`options` (or to an option's `replaces`) or deactivate it in {side.name}"
            )
            needs.add(side.name)
    for side, offered in ((a, a.field.options), (b, b.field.options)):
        missing = [v for v in _standard_values(definition, side.provider) if v not in offered]
        if missing:
            fixes.append(f"`revops apply` adds {listed(map(repr, missing))} to {side.name}")
            needs.add(side.name)
    spelled = _spelled_apart(definition, a, b)
    if spelled:
        fixes.append(
            f"option{'s' if len(spelled) > 1 else ''} {listed(map(repr, spelled))} "
            f"{'are' if len(spelled) > 1 else 'is'} stored differently in {a.name} and "
            f"{b.name}: a sync copies values as they are, so give each one stored value in "
            "both (`api_names` of the option)"
        )
        needs = {a.name, b.name}
    if not fixes:
        fixes.append("make both systems offer the same options (set them in the definition)")
    fix_in = next(iter(needs)) if len(needs) == 1 else None
    return Finding(OPTIONS_DIFFER, "options", ref, message, "; ".join(fixes), where, (a.name, b.name), fix_in)  # fmt: skip


def _spelled_apart(definition: Any, a: _Side, b: _Side) -> list[str]:
    if definition is None:
        return []
    return [
        o.key
        for o in definition.options
        if o.api_names.get(a.provider, o.key) != o.api_names.get(b.provider, o.key)
        and not (o.hidden or o.deprecated)
    ]


# -- values -----------------------------------------------------------------------------


def _rejected(definition: Any, ref: str, holder: _Side, other: _Side, where: str) -> list[Finding]:
    held = holder.field.held_values
    if not held:
        return []
    target = other.field
    out: list[Finding] = []
    if target.restricted and target.options is not None:
        refused = {v: n for v, n in held.items() if v not in target.options}
        if refused:
            why = f"{other.says()} accepts only its options"
            out.append(
                _values_finding(definition, ref, holder, other, refused, why, where, "options")
            )
    if target.max_length is not None:
        long = {v: n for v, n in held.items() if len(v) > target.max_length}
        if long:
            why = f"{other.says()} stores at most {target.max_length} characters"
            out.append(_values_finding(definition, ref, holder, other, long, why, where, "length"))
    if target.type is not None and target.type not in FREE_TEXT | OPTION_TYPES:
        odd = {v: n for v, n in held.items() if not _parses(v, target.type)}
        if odd:
            why = f"{other.says()} holds {target.type} values"
            out.append(_values_finding(definition, ref, holder, other, odd, why, where, "type"))
    return out


def _values_finding(
    definition: Any,
    ref: str,
    holder: _Side,
    other: _Side,
    values: Mapping[str, int],
    why: str,
    where: str,
    reason: str,
) -> Finding:
    records = sum(values.values())
    shown = listed(f"{v!r} ({n})" for v, n in sorted(values.items(), key=lambda i: (-i[1], i[0])))
    message = (
        f"{ref}: {records} record{'s' if records != 1 else ''} in {holder.name} hold "
        f"{shown}, which {other.name} would refuse during sync: {why}"
    )
    owner, _ = _owner(definition, holder, other)
    targets = (holder.name, other.name)
    if owner is other:
        fix = (
            f"{other.provider} owns this field (system_of_record): change those records in "
            f"{holder.name} to values {other.name} accepts (`revops audit` lists them)"
        )
        return Finding(REJECTED_VALUES, "values", ref, message, fix, where, targets, holder.name)
    if owner is holder:
        fix = (
            f"{holder.provider} owns this field (system_of_record): make {other.name} accept "
            "them (add them to the definition's options, or widen its type or length) and "
            "run `revops apply`"
        )
        return Finding(REJECTED_VALUES, "values", ref, message, fix, where, targets, other.name)
    if reason == "options":
        mapped = _replaced(definition, values)
        fixes = []
        if mapped:
            pairs = listed(f"{v!r} -> {k}" for v, k in mapped.items())
            fixes.append(
                f"the definition maps {pairs} (`replaces`): remap those records in "
                f"{holder.name} with `revops audit --sync`"
            )
        rest = [v for v in values if v not in mapped]
        if rest:
            fixes.append(
                f"add {listed(repr(v) for v in rest)} to the definition's options (or to an "
                f"option's `replaces` when it is a spelling variant), or clean those records "
                f"in {holder.name}"
            )
        return Finding(REJECTED_VALUES, "values", ref, message, "; ".join(fixes), where, targets,
                       holder.name if not rest else None)  # fmt: skip
    if reason == "length":
        fix = f"shorten those values in {holder.name}, or give {other.name}'s field more room"
    else:
        fix = f"clean those records in {holder.name}, or give both fields one type"
    return Finding(REJECTED_VALUES, "values", ref, message, fix, where, targets, holder.name)


def _replaced(definition: Any, values: Iterable[str]) -> dict[str, str]:
    """Live value -> option key, for values an option lists in `replaces` (exact match:
    a sync copies case as it is)."""
    if definition is None:
        return {}
    index = {str(r): o.key for o in definition.options for r in o.replaces}
    return {v: index[v] for v in values if v in index}


def _parses(value: str, kind: str) -> bool:
    text = value.strip()
    try:
        if kind in ("number", "currency", "percent"):
            float(text)
        elif kind == "bool":
            return text.lower() in ("true", "false", "1", "0", "yes", "no")
        elif kind == "date":
            date.fromisoformat(text[:10])
            return len(text) == 10 or text[10:11] in ("T", " ")
        elif kind == "datetime":
            datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def listed(values: Iterable[str], limit: int = SHOWN) -> str:
    """Already formatted items, the first `limit` of them."""
    items = list(values)
    head = ", ".join(items[:limit])
    return head + (f" and {len(items) - limit} more" if len(items) > limit else "")


__all__ = ["Standard", "find_all", "listed"]
