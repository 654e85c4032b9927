"""`SeedManifest`: what a seeded portal holds and exactly which violations were planted.

The counts are recomputed from the generated records by `evaluate` (not copied from the
profile), with the rules in `profiles.py`; tests check them against the profile and against
the store. The manifest is returned by `seed()`, kept in the portal's metadata and written as
JSON next to the database (`<db stem>.seed-manifest.json`).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .calendar import add_business_days
from .deals import stage_rank
from .mess import LEAD_SOURCE_CANONICAL
from .profiles import EXIT_CRITERIA, SLA_BUSINESS_DAYS, SLA_FIRST_TOUCH_PROPERTY, SLA_START_PROPERTY
from .records import SeedRecords
from .tiers import engaged_counts, meets_tier_1

FORMAT_VERSION = 1
MANIFEST_META_KEY = "seed_manifest"
"""The store metadata key holding the manifest JSON."""
_MAX_LISTED_IDS = 500


def manifest_path(db_path: str | Path) -> Path:
    """Where the manifest of the portal at `db_path` is written."""
    path = Path(db_path)
    return path.with_name(f"{path.stem}.seed-manifest.json")


@dataclass(frozen=True)
class SeedManifest:
    """A seeded portal's inventory and its planted violations, with exact counts."""

    profile: str
    """The seed profile (`small`, `large`)."""
    seed: int
    """The random seed; the same seed and reference time give the same portal."""
    reference_time: str
    """The "now" the records are dated against (ISO 8601, UTC)."""
    counts: dict[str, int]
    """What `HubSpotStore.counts()` reports right after seeding."""
    violations: dict[str, int]
    """Planted violation kind -> how many records break it."""
    details: dict[str, Any]
    """Breakdowns: MQA timing classes, exit criteria per field, tiers, spellings, fills."""
    rules: dict[str, Any]
    """The rules the violations are counted by (fields, windows, criteria)."""
    mess: dict[str, Any]
    """Names of the messy configuration: spellings, orphans, duplicates, unused stage."""
    planted_ids: dict[str, list[int]] = field(default_factory=dict)
    """Kind -> record ids planted (lists longer than 500 are left out)."""
    audit: dict[str, Any] = field(default_factory=dict)
    """What `revops audit` reports on the portal as seeded, per finding kind, recounted
    (`audit_counts.py`): SLA outcomes (all time and in the default 30-day window), deals
    missing exit criteria per stage, overdue deals per stage."""
    format_version: int = FORMAT_VERSION
    """Version of this JSON layout."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return asdict(self)

    def to_json(self) -> str:
        """Indented JSON."""
        return json.dumps(self.to_dict(), indent=2, sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SeedManifest:
        """Read back `to_dict` output."""
        return cls(**data)

    @classmethod
    def from_json(cls, text: str) -> SeedManifest:
        """Read back `to_json` output."""
        return cls.from_dict(json.loads(text))

    def write(self, path: str | Path) -> Path:
        """Write the JSON to `path`; returns it."""
        target = Path(path)
        target.write_text(self.to_json() + "\n", encoding="utf-8")
        return target

    def summary(self) -> str:
        """A few lines for `revops sandbox status`."""
        lines = [
            f"seed profile {self.profile}, seed {self.seed}, dated {self.reference_time}",
            "planted violations:",
        ]
        lines += [f"  {kind}: {count}" for kind, count in sorted(self.violations.items())]
        return "\n".join(lines)


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def mqa_timing(
    records: SeedRecords, now: datetime, *, since: datetime | None = None
) -> dict[str, int]:
    """Classify every contact with an MQA date (at or after `since`, if given) by its first
    touch against the SLA window."""
    out = Counter(
        {"total": 0, "on_time": 0, "on_time_due_to_holiday": 0, "late": 0, "never_touched": 0,
         "pending": 0}
    )  # fmt: skip
    for contact in records.contacts:
        props = contact["properties"]
        start_text = props.get(SLA_START_PROPERTY)
        if not start_text:
            continue
        start = _parse(start_text)
        if since is not None and start < since:
            continue
        out["total"] += 1
        due = add_business_days(start, SLA_BUSINESS_DAYS)
        touch_text = props.get(SLA_FIRST_TOUCH_PROPERTY)
        if touch_text is None:
            out["never_touched" if due < now else "pending"] += 1
            continue
        touch = _parse(touch_text)
        if touch > due:
            out["late"] += 1
        else:
            out["on_time"] += 1
            if touch > add_business_days(start, SLA_BUSINESS_DAYS, skip_holidays=False):
                out["on_time_due_to_holiday"] += 1
    return dict(out)


def evaluate(records: SeedRecords, now: datetime) -> tuple[dict[str, int], dict[str, Any]]:
    """Recount every violation kind from the records: `(violations, details)`."""
    timing = mqa_timing(records, now)
    missing: Counter[str] = Counter({f: 0 for _, f in EXIT_CRITERIA})
    for deal in records.deals:
        props = deal["properties"]
        rank = stage_rank(props["dealstage"])
        for at, prop in EXIT_CRITERIA:
            if rank > stage_rank(at) and props.get(prop) in (None, ""):
                missing[prop] += 1
    engaged = engaged_counts(records.contacts, records.contact_company, now)
    unlabelled = wrongly = tier1 = 0
    for company in records.companies:
        props = company["properties"]
        meets = meets_tier_1(props, engaged.get(int(company["id"]), 0))
        labelled = props.get("account_tier") == "tier_1"
        tier1 += meets
        unlabelled += meets and not labelled
        wrongly += labelled and not meets
    spellings = Counter(
        str(c["properties"]["lead_source"])
        for c in records.contacts
        if c["properties"].get("lead_source")
        and LEAD_SOURCE_CANONICAL.get(str(c["properties"]["lead_source"]))
        != c["properties"]["lead_source"]
    )
    fills = {
        name: sum(1 for d in records.deals if d["properties"].get(name) not in (None, ""))
        for name in ("close_probability", "win_probability_pct", "deal_likelihood")
    }
    violations = {
        "late_mqa_followups": timing["late"] + timing["never_touched"],
        "deals_missing_exit_criteria": sum(missing.values()),
        "mis_tiered_companies": unlabelled + wrongly,
        "non_standard_enum_values": sum(spellings.values()),
    }
    details: dict[str, Any] = {
        "mqa_followups": timing,
        "deals_missing_exit_criteria": dict(missing),
        "mis_tiered_companies": {
            "tier1_unlabelled": unlabelled,
            "tier1_wrongly_labelled": wrongly,
        },
        "icp_tier_1_companies": tier1,
        "non_standard_lead_sources": dict(sorted(spellings.items())),
        "competing_probability_fields_filled": fills,
        "lifecycle_stage_2_filled": sum(
            1 for c in records.contacts if c["properties"].get("lifecycle_stage_2")
        ),
    }
    return violations, details


def listed_ids(planted: dict[str, list[int]]) -> dict[str, list[int]]:
    """Planted ids worth listing (long lists are left out of the manifest)."""
    return {k: sorted(v) for k, v in planted.items() if len(v) <= _MAX_LISTED_IDS}


__all__ = [
    "FORMAT_VERSION",
    "MANIFEST_META_KEY",
    "SeedManifest",
    "evaluate",
    "listed_ids",
    "manifest_path",
    "mqa_timing",
]
