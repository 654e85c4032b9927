"""Canonical resources: the provider-neutral form both sides of a diff are expressed in.

The compiler turns definitions into a desired `ResourceSet`; a provider turns API JSON into
a live `ResourceSet` of the same types. The differ compares the two and never learns which
vendor they came from. Server-assigned IDs are *not* attributes: they live in state.

Attributes are JSON values (str, int, float, bool, None, lists, dicts with str keys) in a
canonical form the provider's `normalize` guarantees on both sides: compare with `==`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

JsonValue = Any
"""A JSON-compatible value. (Kept as Any: recursive aliases cost more than they catch.)"""


class ResourceId(NamedTuple):
    """`(target, kind, key)`, e.g. `("hubspot", "property", "deals/amount")`.

    `target` names the environment's target (a one-provider environment's target is named
    after its provider; inside a provider it is always the provider's own name). `key` is
    the natural key (stable across portals), never a server id.
    """

    target: str
    kind: str
    key: str

    def with_target(self, target: str) -> ResourceId:
        return self if target == self.target else ResourceId(target, self.kind, self.key)

    def __str__(self) -> str:
        return f"{self.target}/{self.kind}/{self.key}"

    @classmethod
    def parse(cls, text: str) -> ResourceId:
        provider, kind, key = text.split("/", 2)
        return cls(provider, kind, key)


@dataclass(frozen=True)
class Resource:
    """One live object as the tool wants it (desired) or finds it (live)."""

    id: ResourceId
    attributes: Mapping[str, JsonValue]
    depends_on: tuple[ResourceId, ...] = ()
    ignore: frozenset[str] = frozenset()
    """Attributes left alone by both diff and apply (e.g. edited by hand on purpose)."""
    protect: bool = False
    """Never delete; kept in state so that removing the YAML block does not lift it."""
    source: str = ""
    """Where the desired resource came from (`file:line:col` of its definition), if known."""
    origin: str = ""
    """The definition it expresses, as a typed address (`pipeline/new_business/stage/
    discovery`, `field/company/icp_tier`); shown before the vendor address in a plan."""

    def fingerprint(self) -> str:
        """Stable hash of the attributes: what a plan records to detect staleness."""
        return fingerprint(self.attributes)


def canonical_json(value: JsonValue) -> str:
    """Deterministic JSON: sorted keys, no whitespace, UTF-8 kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def fingerprint(value: JsonValue) -> str:
    return hashlib.sha256(canonical_json(value).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class ResourceSet:
    """An immutable, id-keyed collection of resources; iteration is in sorted id order."""

    _by_id: Mapping[ResourceId, Resource] = field(default_factory=dict)

    @classmethod
    def of(cls, resources: Iterable[Resource]) -> ResourceSet:
        by_id: dict[ResourceId, Resource] = {}
        for resource in resources:
            if resource.id in by_id:
                raise ValueError(f"duplicate resource {resource.id}")
            by_id[resource.id] = resource
        return cls(dict(sorted(by_id.items())))

    def __iter__(self) -> Iterator[Resource]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, rid: object) -> bool:
        return rid in self._by_id

    def get(self, rid: ResourceId) -> Resource | None:
        return self._by_id.get(rid)

    def __getitem__(self, rid: ResourceId) -> Resource:
        return self._by_id[rid]

    def ids(self) -> frozenset[ResourceId]:
        return frozenset(self._by_id)


__all__ = [
    "JsonValue",
    "Resource",
    "ResourceId",
    "ResourceSet",
    "canonical_json",
    "fingerprint",
]
