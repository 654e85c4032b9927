"""The fake provider's field profiles (providers/fake/profiles.py): compiled definitions
against a live world edited out of band, as tests of the consistency report use it."""

from __future__ import annotations

import copy
from pathlib import Path

from revops_as_code.providers.fake import FakeProvider, FakeWorld
from revops_as_code.validation.pipeline import validate_path

CONTACT = """\
apiVersion: revops.dev/v1
kind: FieldStandard
object: contact
fields:
  - key: stage
    label: Stage
    type: enum
    description: The lifecycle stage.
  - key: lead_source
    label: Lead source
    type: enum
    description: First channel.
    api_names: {fake: src}
    options:
      - {key: paid_search, label: Paid search}
      - {key: event, label: Event, api_names: {fake: Event}}
      - {key: old, label: Old, hidden: true}
"""

LIFECYCLE = """\
apiVersion: revops.dev/v1
kind: Lifecycle
key: journey
label: Journey
object: contact
field: stage
stages:
  - {key: lead, label: Lead}
  - {key: customer, label: Customer, api_ids: {fake: CUSTOMER}}
"""


def provider_with_world(tmp_path: Path, role: str = "crm") -> tuple[FakeProvider, object]:
    (tmp_path / "contact.yaml").write_text(CONTACT, encoding="utf-8")
    (tmp_path / "lifecycle.yaml").write_text(LIFECYCLE, encoding="utf-8")
    definitions = validate_path(tmp_path).definitions
    assert definitions is not None
    provider = FakeProvider({"world": FakeWorld(), "role": role})
    compiled = provider.compile(definitions)
    for resource in compiled.resources:  # the world holds exactly what compile asked for
        provider.world._put(resource.id, copy.deepcopy(dict(resource.attributes)), by="revops")
    return provider, compiled


def test_live_fields_options_and_lifecycle_values(tmp_path: Path) -> None:
    provider, compiled = provider_with_world(tmp_path)
    profiles = provider.field_profiles(provider.read_live(), compiled)  # type: ignore[arg-type]
    by_ref = {f.ref: f for f in profiles.fields}
    assert set(by_ref) == {"field/contact/stage", "field/contact/lead_source"}
    source = by_ref["field/contact/lead_source"]
    # Stored values as the fake spells them; the hidden option is not offered.
    assert (source.name, source.options, source.restricted) == (
        "src",
        ("paid_search", "Event"),
        True,
    )
    assert source.source.endswith("contact.yaml:1:1")
    # A governed enum (its options are the lifecycle's) keeps no list of its own.
    assert by_ref["field/contact/stage"].options is None
    (lifecycle,) = profiles.lifecycle
    assert (lifecycle.ref, lifecycle.values, lifecycle.source) == (
        "lifecycle/journey", ("lead", "CUSTOMER"), "options",
    )  # fmt: skip
    assert profiles.role == "crm" and profiles.unmapped_synced == ()


def test_out_of_band_edits_show_as_the_live_system_holds_them(tmp_path: Path) -> None:
    provider, compiled = provider_with_world(tmp_path, role="map")
    with provider.world.transaction() as world:  # type: ignore[attr-defined]
        for rid, obj in world.objects.items():
            if rid.kind == "field_standard":
                fields = obj.attributes["fields"]
                fields[1]["held_values"] = {"PPC": 3}
                fields[1]["restricted"] = False
                fields[1]["max_length"] = 10
                fields.append({"key": "legacy", "label": "L", "type": "number",
                               "description": "x", "synced": True, "synced_with": "crm"})  # fmt: skip
                del fields[0]
            else:
                obj.attributes["held_values"] = {"lead": 2, "Recycled": 1}
    profiles = provider.field_profiles(provider.read_live(), compiled)  # type: ignore[arg-type]
    assert profiles.role == "map"
    by_ref = {f.ref: f for f in profiles.fields}
    assert not by_ref["field/contact/stage"].exists
    source = by_ref["field/contact/lead_source"]
    assert (source.held_values, source.restricted, source.max_length) == ({"PPC": 3}, False, 10)
    (synced,) = profiles.unmapped_synced
    assert (synced.name, synced.object, synced.synced_with) == ("legacy", "contact", "crm")
    (lifecycle,) = profiles.lifecycle
    assert lifecycle.source == "records" and lifecycle.counts == {"lead": 2, "Recycled": 1}
