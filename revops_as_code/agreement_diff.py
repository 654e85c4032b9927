"""`revops diff`: what a definitions change means for the agreement, before any CRM.

Compares two sets of loaded definition documents (two git revisions, or a revision and the
work tree: `agreement_source`) and lists each semantic change in plain words:

    SLA mqa_first_touch: within 2 → 3 business days
    ICP target_accounts › tier tier_1: employee_count ≥ 500 → ≥ 1,000
    pipeline new_business: stage demo removed (deals still in it need another stage; ...)
    field contact.lead_source: option ppc deprecated

Documents are matched by kind and key (a field standard by its object); collections of
objects (`stages`, `fields`, `options`, `tiers`, criteria conditions) are matched member by
member by their key, so a reordering, a rename of a label and a removal each read as what
they are. Values are compared as the loader reads them, so re-formatting is no change.
Everything here is pure: the same two inputs give the same list, in document order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

SUBJECTS = {
    "Pipeline": "pipeline",
    "HandoffSLA": "SLA",
    "ICP": "ICP",
    "Lifecycle": "lifecycle",
    "FieldStandard": "field standard",
}
"""How a person names a document of each kind."""

ADDRESS_PREFIX = {
    "Pipeline": "pipeline",
    "HandoffSLA": "handoff_sla",
    "ICP": "icp",
    "Lifecycle": "lifecycle",
    "FieldStandard": "field_standard",
}
"""The first segment of a document's typed address."""

SINGULAR = {
    "stages": "stage",
    "fields": "field",
    "options": "option",
    "tiers": "tier",
    "groups": "group",
    "facts": "fact",
    "all": "condition",
    "any": "condition",
}
"""A collection's member noun: `stages[demo]` reads `stage demo`."""

MEMBER_KEYS = ("key", "subject")
"""What names a member of a collection: an object's key, or a condition's subject (its field
or fact)."""

OPERATORS = {
    "eq": "=",
    "neq": "≠",
    "gt": ">",
    "gte": "≥",
    "lt": "<",
    "lte": "≤",
    "in": "in",
    "not_in": "not in",
    "contains": "contains",
    "contains_any": "contains any of",
    "contains_all": "contains all of",
    "is_set": "is set",
    "is_not_set": "is not set",
    "within_last": "within the last",
    "not_within_last": "not within the last",
}
UNITS = {
    "business_days": "business days",
    "business_hours": "business hours",
    "calendar_hours": "calendar hours",
}


@dataclass(frozen=True)
class AgreementChange:
    """One semantic change to one definition, in plain words and as data."""

    document: str
    """The definition changed (`SLA mqa_first_touch`, `field contact.lead_source`)."""
    path: tuple[str, ...]
    """Where inside it, in the definition's own keys (`within`, `stages`, `demo`)."""
    change: str
    """`added`, `removed`, `changed`, `reordered`, `deprecated`, `hidden`."""
    before: Any
    after: Any
    text: str
    """The sentence a reviewer reads."""
    file: str = ""
    """The file (at the newer revision, or the older one for a removal)."""
    address: str = ""
    """The typed address of the definition changed (`pipeline/new_business/stage/demo`,
    `field/contact/lead_source`): what `revops diff --only` matches."""

    def to_json(self) -> dict[str, Any]:
        return {
            "address": self.address,
            "document": self.document,
            "path": list(self.path),
            "change": self.change,
            "before": self.before,
            "after": self.after,
            "text": self.text,
            "file": self.file or None,
        }


@dataclass(frozen=True)
class Document:
    """One definition document as loaded: its data and the file it came from."""

    data: Mapping[str, Any]
    file: str = ""

    @property
    def address(self) -> tuple[str, str]:
        kind = str(self.data.get("kind", ""))
        key = self.data.get("key", self.data.get("object", ""))
        return kind, str(key)

    @property
    def prefix(self) -> str:
        """The document's typed address (`pipeline/new_business`, `handoff_sla/x`)."""
        kind, key = self.address
        return f"{ADDRESS_PREFIX.get(kind, kind.lower())}/{key}"

    @property
    def subject(self) -> str:
        kind, key = self.address
        return f"{SUBJECTS.get(kind, kind or 'document')} {key}".strip()


# -- values in words ----------------------------------------------------------------------


def show(value: Any) -> str:
    """A value as a reviewer reads it: `1,000`, `Demo`, `[amount, close_date]`, `yes`."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,g}"
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, Mapping):
        if _is_condition(value):
            return condition_text(value)
        if set(value) == {"amount", "unit"}:
            return f"{show(value['amount'])} {UNITS.get(str(value['unit']), value['unit'])}"
        return "{" + ", ".join(f"{k}: {show(v)}" for k, v in value.items()) + "}"
    return str(value)


def _is_condition(value: Mapping[str, Any]) -> bool:
    return "op" in value and ("field" in value or "fact" in value)


def condition_text(c: Mapping[str, Any]) -> str:
    """`employee_count ≥ 1,000`, `industry in [software, saas]`, `mqa_date is set`."""
    subject = str(c.get("field", c.get("fact", "")))
    op = OPERATORS.get(str(c.get("op")), str(c.get("op")))
    return f"{subject} {op} {show(c['value'])}" if "value" in c else f"{subject} {op}"


def _condition_rhs(c: Mapping[str, Any]) -> str:
    op = OPERATORS.get(str(c.get("op")), str(c.get("op")))
    return f"{op} {show(c['value'])}" if "value" in c else op


# -- comparison ---------------------------------------------------------------------------


def _member_key(*sides: Sequence[Any]) -> str | None:
    """The field that names every member of both lists uniquely (within each list)."""
    items = [i for side in sides for i in side]
    if not items or not all(isinstance(i, Mapping) for i in items):
        return None
    for key in MEMBER_KEYS:
        if all(_unique(side, key) for side in sides):
            return key
    return None


def _name(item: Mapping[str, Any], key: str) -> Any:
    if key == "subject":
        return item.get("field", item.get("fact")) if _is_condition(item) else None
    return item.get(key)


def _unique(items: Sequence[Any], key: str) -> bool:
    names = [_name(i, key) for i in items]
    return all(n is not None for n in names) and len(set(map(str, names))) == len(names)


@dataclass
class _Walk:
    doc: Document
    out: list[AgreementChange] = field(default_factory=list)

    def subject(self, path: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
        """Whose change it reads as: a standard's field is `field contact.lead_source`."""
        kind, key = self.doc.address
        if kind == "FieldStandard" and len(path) >= 2 and path[0] == "fields":
            return f"field {key}.{path[1].lstrip(chr(0))}", path[2:]
        return self.doc.subject, path

    def where(self, path: tuple[str, ...]) -> str:
        """`stage demo › exit_criteria required_fields` from the path's segments."""
        words: list[str] = []
        i = 0
        while i < len(path):
            seg = path[i]
            if seg in SINGULAR and i + 1 < len(path) and path[i + 1].startswith("\0"):
                words.append(f"{SINGULAR[seg]} {path[i + 1][1:]}")
                i += 2
                continue
            if seg != "all":  # conditions are `all` unless said otherwise: no word for it
                words.append("any of" if seg == "any" else seg)
            i += 1
        return " › ".join(words)

    def address(self, path: tuple[str, ...]) -> str:
        """`pipeline/new_business/stage/demo`, `field/contact/lead_source`: the document's
        address, narrowed to the stage, tier or field the path is in."""
        kind, key = self.doc.address
        if kind == "FieldStandard" and len(path) >= 2 and path[0] in ("fields", "facts"):
            return f"{path[0][:-1]}/{key}/{path[1].lstrip(chr(0))}"
        if len(path) >= 2 and path[0] in ("stages", "tiers") and path[1].startswith("\0"):
            return f"{self.doc.prefix}/{SINGULAR[path[0]]}/{path[1][1:]}"
        return self.doc.prefix

    def say(
        self,
        path: tuple[str, ...],
        change: str,
        before: Any,
        after: Any,
        tail: str,
        member: tuple[str, ...] = (),
    ) -> None:
        """Record one change; `member` names the collection member added or removed (its
        collection and `\0name`), which narrows the address."""
        subject, rest = self.subject(path)
        where = self.where(rest)
        text = f"{subject}: {where + ' ' if where else ''}{tail}".replace(": ›", ":")
        clean = tuple(p.lstrip("\0") for p in path)
        address = self.address((*path, *member))
        self.out.append(
            AgreementChange(subject, clean, change, before, after, text, address=address)
        )

    # The walk: mappings key by key, keyed collections member by member, values whole.
    def value(self, path: tuple[str, ...], before: Any, after: Any, siblings: Any = None) -> None:
        if before == after:
            return
        if isinstance(before, Mapping) and isinstance(after, Mapping):
            if _is_condition(before) and _is_condition(after):
                subject = condition_text(before).split(" ")[0]
                same = before.get("field", before.get("fact")) == after.get(
                    "field", after.get("fact")
                )
                if same:
                    tail = f"{subject} {_condition_rhs(before)} → {_condition_rhs(after)}"
                    # A member of a list of conditions reads under the list's owner.
                    owner = path[:-2] if path and path[-1].startswith("\0") else path
                    self.say(owner, "changed", before, after, tail)
                    return
            if set(before) == set(after) == {"amount", "unit"}:
                self._within(path, before, after)
                return
            self.mapping(path, before, after)
            return
        if isinstance(before, list) and isinstance(after, list):
            key = _member_key(before, after)
            if key is not None:
                self.collection(path, before, after, key)
                return
            if sorted(map(repr, before)) == sorted(map(repr, after)):
                self.say(
                    path, "reordered", before, after, f"reordered {show(before)} → {show(after)}"
                )
                return
            added = [a for a in after if a not in before]
            removed = [b for b in before if b not in after]
            parts = [f"+ {show(a)}" for a in added] + [f"− {show(r)}" for r in removed]
            self.say(
                path,
                "changed",
                before,
                after,
                ", ".join(parts) or f"{show(before)} → {show(after)}",
            )
            return
        if before is None:
            self.say(path, "added", None, after, f"set to {show(after)}")
        elif after is None:
            self.say(path, "removed", before, None, f"removed (was {show(before)})")
        else:
            self.say(path, "changed", before, after, f"{show(before)} → {show(after)}")

    def _within(
        self, path: tuple[str, ...], before: Mapping[str, Any], after: Mapping[str, Any]
    ) -> None:
        if before["unit"] == after["unit"]:
            unit = UNITS.get(str(after["unit"]), after["unit"])
            tail = f"{show(before['amount'])} → {show(after['amount'])} {unit}"
        else:
            tail = f"{show(before)} → {show(after)}"
        self.say(path, "changed", before, after, tail)

    def mapping(
        self, path: tuple[str, ...], before: Mapping[str, Any], after: Mapping[str, Any]
    ) -> None:
        for k in [*before, *(k for k in after if k not in before)]:
            self.value((*path, str(k)), before.get(k), after.get(k))

    def collection(
        self, path: tuple[str, ...], before: list[Any], after: list[Any], key: str
    ) -> None:
        old = {str(_name(m, key)): m for m in before}
        new = {str(_name(m, key)): m for m in after}
        noun = SINGULAR.get(path[-1] if path else "", "item") if path else "item"
        parent = path[:-1]
        for name, member in new.items():
            if name not in old:
                self.say(
                    parent,
                    "added",
                    None,
                    member,
                    f"{noun} {show(member) if key != 'key' else name} added",
                    member=(path[-1] if path else "", "\0" + name),
                )
        for name, member in old.items():
            if name not in new:
                self.say(
                    parent,
                    "removed",
                    member,
                    None,
                    self._removed(noun, name, member, before, new, key),
                    member=(path[-1] if path else "", "\0" + name),
                )
        for name in (n for n in new if n in old):
            a, b = old[name], new[name]
            mpath = (*path, "\0" + name)
            if noun == "option" and not a.get("deprecated") and b.get("deprecated"):
                self.say(parent, "deprecated", a, b, f"option {name} deprecated")
                a = {**a, "deprecated": True}
            if noun == "option" and not a.get("hidden") and b.get("hidden"):
                self.say(
                    parent,
                    "hidden",
                    a,
                    b,
                    f"option {name} hidden (kept on records, no longer offered)",
                )
                a = {**a, "hidden": True}
            self.value(mpath, a, b)
        kept_old = [n for n in old if n in new]
        kept_new = [n for n in new if n in old]
        if kept_old != kept_new:
            order = f"{noun} order {', '.join(kept_old)} → {', '.join(kept_new)}"
            self.say(parent, "reordered", kept_old, kept_new, order)

    def _removed(
        self,
        noun: str,
        name: str,
        member: Mapping[str, Any],
        before: list[Any],
        new: Mapping[str, Any],
        key: str,
    ) -> str:
        if key != "key":
            return f"{noun} {show(member)} removed"
        if noun == "stage":
            names = [str(_name(m, key)) for m in before]
            index = names.index(name)
            kept = [n for n in names[:index] if n in new][-1:] + [
                n for n in names[index + 1 :] if n in new
            ][:1]
            where = f"; the stages beside it are {' and '.join(kept)}" if kept else ""
            return f"stage {name} removed (deals still in it need another stage{where})"
        return f"{noun} {name} removed"


def diff_documents(base: Sequence[Document], head: Sequence[Document]) -> list[AgreementChange]:
    """Every semantic change from `base` to `head`, document by document (head's order, then
    the documents only `base` has)."""
    old = {d.address: d for d in base}
    new = {d.address: d for d in head}
    out: list[AgreementChange] = []
    for address, doc in new.items():
        if address not in old:
            out.append(
                AgreementChange(
                    doc.subject,
                    (),
                    "added",
                    None,
                    dict(doc.data),
                    f"{doc.subject}: added",
                    doc.file,
                    doc.prefix,
                )
            )
            continue
        walk = _Walk(doc)
        walk.mapping((), old[address].data, doc.data)
        out += [_with_file(c, doc.file) for c in walk.out]
    for address, doc in old.items():
        if address not in new:
            out.append(
                AgreementChange(
                    doc.subject,
                    (),
                    "removed",
                    dict(doc.data),
                    None,
                    f"{doc.subject}: removed",
                    doc.file,
                    doc.prefix,
                )
            )
    return out


def _with_file(change: AgreementChange, file: str) -> AgreementChange:
    return dataclasses.replace(change, file=file)


__all__ = ["AgreementChange", "Document", "condition_text", "diff_documents", "show"]
