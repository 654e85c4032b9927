"""Validation rules back into definitions, where revops wrote them: a numeric field's
`<Field>_Range` rule is its `minimum`/`maximum`.

Only the exact rules compile generates are recognised, and the proof is compile itself: the
bounds read from the formula are put on the imported field, that field's document is
compiled in memory, and the rule is taken only if compile gives back every live attribute of
it (formula, message, description, display field). Anything else, and every exit-criteria
rule (a formula cannot be read back into criteria), stays reported.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from revops_as_code.resources import Resource, ResourceId

from .decompile_common import SF, Notes
from .model import custom_field_name, rule_name

_NUMBER = r"-?\d+(?:\.\d+)?"
_RANGE = re.compile(
    r"^AND\(NOT\(ISBLANK\((?P<field>\w+)\)\), (?:OR\()?(?P<parts>.+?)\)?\)$",
)
_BOUND = re.compile(rf"^(?P<field>\w+) (?P<op>[<>]) (?P<value>{_NUMBER})$")

RULE_REASON = (
    "a validation rule: revops writes validation rules from a stage's exit criteria and "
    "cannot read a formula back into criteria",
    "write the stage's exit_criteria in its pipeline (revops generates the rule), then "
    "delete this rule in Salesforce; until then it stays unmanaged",
)


def _bounds(formula: str) -> tuple[str, float | None, float | None] | None:
    """(field, minimum, maximum) of a range formula, or None."""
    match = _RANGE.match(formula)
    if match is None:
        return None
    low = high = None
    for part in match.group("parts").split(", "):
        bound = _BOUND.match(part)
        if bound is None or bound.group("field") != match.group("field"):
            return None
        value = float(bound.group("value"))
        if bound.group("op") == "<":
            low = value
        else:
            high = value
    return match.group("field"), low, high


def range_rules(
    rules: Sequence[Resource],
    fields: Mapping[str, list[dict[str, Any]]],
    notes: Notes,
) -> None:
    """Give imported fields the bounds their live range rules state (checked by compiling);
    every other rule goes to `notes`."""
    by_rule: dict[str, tuple[str, dict[str, Any]]] = {}
    for obj, docs in fields.items():
        for field in docs:
            name = field.get("api_names", {}).get(SF) or custom_field_name(field["key"])
            by_rule[rule_name(name.removesuffix("__c"), "range")] = (obj, field)
    grouped: dict[str, list[Resource]] = {}
    for rule in rules:
        grouped.setdefault(str(rule.attributes.get("name", "")), []).append(rule)
    for name, same in grouped.items():
        found = by_rule.get(name)
        bounds = _bounds(str(same[0].attributes.get("formula", "")))
        if found is None or bounds is None or not _takes(found[0], found[1], bounds, same):
            for rule in same:
                notes[rule.id] = RULE_REASON


def _takes(
    obj: str,
    field: dict[str, Any],
    bounds: tuple[str, float | None, float | None],
    live: Sequence[Resource],
) -> bool:
    """Whether the field with these bounds compiles to exactly the live rules."""
    _, low, high = bounds
    trial = dict(field)
    if low is not None:
        trial["minimum"] = low
    if high is not None:
        trial["maximum"] = high
    compiled = _compile_one(obj, trial)
    if compiled is None:
        return False
    wanted = {r.id: dict(r.attributes) for r in live}
    got = {rid: attrs for rid, attrs in compiled.items() if rid in wanted}
    if got != wanted or len([r for r in compiled if r.kind == live[0].id.kind]) != len(wanted):
        return False
    field.update({k: v for k, v in trial.items() if k in ("minimum", "maximum")})
    return True


def _compile_one(obj: str, field: dict[str, Any]) -> dict[ResourceId, dict[str, Any]] | None:
    """The resources one field compiles to alone (None when it does not validate)."""
    from revops_as_code.loader.emit import dump_yaml
    from revops_as_code.loader.load import load_bytes
    from revops_as_code.validation import validate_documents

    from .compile import compile_definitions

    document = {
        "apiVersion": "revops.dev/v1",
        "kind": "FieldStandard",
        "object": obj,
        "fields": [field],
    }
    loaded = load_bytes(dump_yaml(document).encode(), "<import check>")
    result = validate_documents(loaded.documents, diagnostics=loaded.diagnostics)
    if not result.ok or result.definitions is None:
        return None
    return {r.id: dict(r.attributes) for r in compile_definitions(result.definitions).resources}


__all__ = ["RULE_REASON", "range_rules"]
