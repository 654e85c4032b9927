"""Writing to HubSpot: which changes go out in one request (`group_changes`), how a group is
applied (`Writer.apply_group`), and a dispatch table `(kind, action) -> handler` for changes
that go out alone.

Groups, decided once when the plan is made and recorded in it (so apply needs no memory of
an earlier compile or read):

- property creates of one object type, up to `BATCH_SIZE` a group, in apply order: one
  `POST /crm/v3/properties/{objectType}/batch/create` (`create deals properties 1`, ...);
- a pipeline create with the creates of its stages: one `POST /crm/v3/pipelines/{objectType}`
  with the stages in the body, since HubSpot refuses a pipeline without a stage
  (`create pipeline deals/renewal`);
- every other change alone, through its handler (`update property deals/amount`).

Each group returns an outcome per member with the attributes now live, in canonical form, so
the engine records every object a request made, stages included. Creates are never retried
blindly: when a create fails ambiguously (timeout, reset, 5xx after sending) or reports a
conflict, the object is re-read by its natural key (a property's or group's name, a
pipeline's id or label) and *adopted* when it matches what was asked, else that member
fails. A property batch that fails so is resolved with one list call of that object type's
properties, however many members it has.

Updates send only the attributes that changed (so a HubSpot-defined property, whose
definition is read-only, is sent its options and nothing else).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from revops_as_code.changes import Action, Change
from revops_as_code.errors import ConflictError, NotFoundError, ProviderError, RevopsError
from revops_as_code.providers.base import (
    ApplyResult,
    ChangeGroup,
    ChangeOutcome,
    GroupResult,
    apply_each,
)
from revops_as_code.resources import JsonValue, Resource, ResourceId

from .aliases import aliases, live_key
from .client import HubSpotClient
from .errors import PROVIDER, AmbiguousWriteError
from .normalize import (
    GROUP,
    PIPELINE,
    PROPERTY,
    STAGE,
    canonical_group,
    canonical_pipeline,
    canonical_property,
    canonical_stage,
    group_from_api,
    group_to_api,
    pipeline_from_api,
    property_from_api,
    property_to_api,
    split_key,
    stage_from_api,
    stage_to_api,
)

Handler = Callable[["Writer", Change], ApplyResult]

BATCH_SIZE = 100
"""Inputs per `batch/create` call: HubSpot's limit for its CRM batch endpoints."""

REQUEST = "request"
"""`ChangeGroup.private` key: which request the group is (absent: each change alone)."""
BATCH_CREATE_PROPERTIES = "batch_create_properties"
CREATE_PIPELINE = "create_pipeline"


# -- grouping -----------------------------------------------------------------------------


def _object_type(rid: ResourceId) -> str:
    return rid.key.split("/", 1)[0]


def _pipeline_key(stage: ResourceId) -> str:
    return stage.key.rsplit("/", 1)[0]


def _stage_order(change: Change) -> tuple[int, str]:
    after = change.after if isinstance(change.after, Mapping) else {}
    return (canonical_stage(after)["display_order"], change.resource_id.key)


def group_changes(changes: Sequence[Change]) -> list[ChangeGroup]:
    """HubSpot's change groups for `changes` (in apply order), themselves in apply order."""
    position = {c.resource_id: i for i, c in enumerate(changes)}
    pipelines = {
        c.resource_id.key: c
        for c in changes
        if c.resource_id.kind == PIPELINE and c.action is Action.CREATE
    }
    stages: dict[str, list[Change]] = defaultdict(list)
    properties: dict[str, list[Change]] = defaultdict(list)
    groups: list[ChangeGroup] = []
    for change in changes:
        rid, action = change.resource_id, change.action
        if rid.kind == PROPERTY and action is Action.CREATE:
            properties[_object_type(rid)].append(change)
        elif rid.kind == STAGE and action is Action.CREATE and _pipeline_key(rid) in pipelines:
            stages[_pipeline_key(rid)].append(change)
        elif not (rid.kind == PIPELINE and action is Action.CREATE):
            groups.append(ChangeGroup(f"{action.value} {rid.kind} {rid.key}", (rid,)))
    for obj, creates in properties.items():
        groups.extend(_property_batches(obj, creates))
    for key, pipeline in pipelines.items():
        members = [pipeline, *sorted(stages[key], key=_stage_order)]
        groups.append(
            ChangeGroup(
                f"create pipeline {key}",
                tuple(c.resource_id for c in members),
                private={REQUEST: CREATE_PIPELINE},
            )
        )
    # A group runs once its last member's turn comes: every dependency of a member comes
    # earlier in apply order, so the group never waits on a later one.
    return sorted(groups, key=lambda g: max(position[m] for m in g.members))


def _property_batches(obj: str, creates: list[Change]) -> list[ChangeGroup]:
    """Chunks of at most `BATCH_SIZE`; a create never shares a batch with what it needs."""
    chunks: list[list[Change]] = [[]]
    for change in creates:
        chunk = chunks[-1]
        members = {c.resource_id for c in chunk}
        if len(chunk) >= BATCH_SIZE or any(d in members for d in change.depends_on):
            chunks.append([])
        chunks[-1].append(change)
    return [
        ChangeGroup(
            f"create {obj} properties {n}",
            tuple(c.resource_id for c in chunk),
            private={REQUEST: BATCH_CREATE_PROPERTIES, "object_type": obj},
        )
        for n, chunk in enumerate(chunks, 1)
    ]


# -- applying -----------------------------------------------------------------------------


class Writer:
    """Applies change groups (and single changes) through one client. Holds no plan state:
    everything a group needs is in its changes and its `private` data."""

    def __init__(self, client: HubSpotClient) -> None:
        self.client = client
        self.aliases: dict[str, str] = {}
        """Resource key -> HubSpot key where HubSpot chose its own ids (`aliases.py`);
        filled by the provider's reads."""

    def apply(self, change: Change) -> ApplyResult:
        handler = HANDLERS.get((change.resource_id.kind, change.action))
        if handler is None:
            raise ProviderError(
                f"HubSpot cannot {change.action.value} a {change.resource_id.kind}",
                provider=PROVIDER,
            )
        return handler(self, change)

    def apply_group(self, group: ChangeGroup, changes: Sequence[Change]) -> GroupResult:
        """Apply one group; `changes` are its members to apply, in order (the engine may
        leave out members whose dependencies failed)."""
        request = group.private.get(REQUEST)
        if not changes:
            return GroupResult()
        if request == BATCH_CREATE_PROPERTIES:
            return self._batch_create_properties(group, changes)
        if request == CREATE_PIPELINE:
            return self._create_pipeline(group, changes)
        if request is not None:
            raise ProviderError(
                f"change group {group.key!r} names a request this provider does not make "
                f"({request!r}); the plan was made by another version or edited",
                hint="run `revops plan` again",
                provider=PROVIDER,
            )
        return self.each(changes)

    def each(self, changes: Sequence[Change]) -> GroupResult:
        """Each change through its handler; one whose dependency failed is not attempted."""
        return apply_each(changes, self.apply)

    # -- property batches ---------------------------------------------------------------

    def _batch_create_properties(
        self, group: ChangeGroup, changes: Sequence[Change]
    ) -> GroupResult:
        obj = str(group.private.get("object_type", ""))
        for change in changes:
            rid = change.resource_id
            if rid.kind != PROPERTY or change.action is not Action.CREATE:
                raise _foreign(group, change)
            if _object_type(rid) != obj:
                raise _foreign(group, change)
        if len(changes) == 1:
            # One create: the single endpoint, whose 409 names the conflict precisely.
            return self.each(changes)
        wanted = {split_key(c.resource_id.key, 2)[1]: c for c in changes}
        inputs = [
            property_to_api(name, canonical_property(_after(c)), create=True)
            for name, c in wanted.items()
        ]
        path = f"/crm/v3/properties/{obj}/batch/create"
        try:
            data = self.client.request("POST", path, json={"inputs": inputs}) or {}
        except (AmbiguousWriteError, ConflictError) as exc:
            return GroupResult(self._properties_by_list(obj, wanted, {}, exc.message))
        except RevopsError as exc:  # refused as a whole (400, 401, 429...): nothing was made
            return GroupResult({c.resource_id: ChangeOutcome.failed(exc.message) for c in changes})
        outcomes: dict[ResourceId, ChangeOutcome] = {}
        for item in data.get("results") or []:
            made = wanted.get(str(item.get("name")))
            if made is not None:
                live = property_from_api(obj, item)
                result = ApplyResult(remote_id=str(item["name"]), attributes=dict(live.attributes))
                outcomes[made.resource_id] = ChangeOutcome.ok(result)
        missing = {n: c for n, c in wanted.items() if c.resource_id not in outcomes}
        if missing:
            # A 207: some inputs failed. One that exists already (a conflict) may be exactly
            # what was asked; one list call tells, for all of them.
            reasons, why = _batch_errors(data)
            outcomes.update(self._properties_by_list(obj, missing, reasons, why))
        return GroupResult(outcomes)

    def _properties_by_list(
        self, obj: str, wanted: Mapping[str, Change], reasons: Mapping[str, str], why: str
    ) -> dict[ResourceId, ChangeOutcome]:
        """Adopt what exists as asked, fail the rest: one list call of `obj`'s properties."""
        try:
            listed = (self.client.get(f"/crm/v3/properties/{obj}") or {}).get("results") or []
        except RevopsError as exc:
            unknown = (
                f"{why}; re-reading {obj} properties failed too ({exc.message}), so whether "
                "it was created is unknown"
            )
            return {c.resource_id: ChangeOutcome.failed(unknown) for c in wanted.values()}
        live = {
            str(p["name"]): property_from_api(obj, p)
            for p in listed
            if p.get("name") in wanted and not p.get("archived")
        }
        return {
            change.resource_id: _adoption(
                change,
                live.get(name),
                name,
                canonical_property(_after(change)),
                why=_archived_hint(obj, name, reasons.get(name, why)),
            )
            for name, change in wanted.items()
        }

    # -- pipelines with their stages ----------------------------------------------------

    def _create_pipeline(self, group: ChangeGroup, changes: Sequence[Change]) -> GroupResult:
        pipeline = next((c for c in changes if c.resource_id.kind == PIPELINE), None)
        if pipeline is None:
            return self.each(changes)  # only stages were handed over: add them one by one
        stages = [c for c in changes if c is not pipeline]
        prefix = pipeline.resource_id.key + "/"
        for change in [pipeline, *stages]:
            rid = change.resource_id
            if change.action is not Action.CREATE or (
                change is not pipeline and (rid.kind != STAGE or not rid.key.startswith(prefix))
            ):
                raise _foreign(group, change)
        if not stages:
            return GroupResult({pipeline.resource_id: ChangeOutcome.failed(NO_STAGES)})
        obj, pipeline_id = split_key(pipeline.resource_id.key, 2)
        attrs = canonical_pipeline(_after(pipeline))
        wanted = {split_key(s.resource_id.key, 3)[2]: s for s in stages}
        body = {
            "pipelineId": pipeline_id,
            "label": attrs["label"],
            "displayOrder": 0,
            "stages": [
                stage_to_api(sid, canonical_stage(_after(s)), create=True, object_type=obj)
                for sid, s in wanted.items()
            ],
        }
        try:
            data = self.client.request("POST", f"/crm/v3/pipelines/{obj}", json=body)
        except (AmbiguousWriteError, ConflictError) as exc:
            # Pipeline creates mint ids and are not idempotent: look for it, never resend.
            return self._pipeline_by_list(obj, pipeline, wanted, exc.message)
        except RevopsError as exc:  # refused: neither the pipeline nor a stage exists
            return GroupResult({c.resource_id: ChangeOutcome.failed(exc.message) for c in changes})
        outcomes = _pipeline_outcomes(obj, data, pipeline, wanted, adopting=None)
        # Later changes in this run address HubSpot's ids, not the ones asked for.
        self.aliases.update(aliases({r: o.remote_id for r, o in outcomes.items() if o.remote_id}))
        return GroupResult(outcomes)

    def _pipeline_by_list(
        self, obj: str, pipeline: Change, wanted: Mapping[str, Change], why: str
    ) -> GroupResult:
        members = [pipeline, *wanted.values()]
        _, pipeline_id = split_key(pipeline.resource_id.key, 2)
        label = canonical_pipeline(_after(pipeline))["label"]
        try:
            listed = (self.client.get(f"/crm/v3/pipelines/{obj}") or {}).get("results") or []
        except RevopsError as exc:
            unknown = (
                f"{why}; re-reading {obj} pipelines failed too ({exc.message}), so whether "
                "it was created is unknown"
            )
            return GroupResult({c.resource_id: ChangeOutcome.failed(unknown) for c in members})
        live = [p for p in listed if not p.get("archived")]
        found = next((p for p in live if str(p.get("id")) == pipeline_id), None)
        if found is None:
            other = next((p for p in live if str(p.get("label", "")) == label), None)
            if other is not None:
                taken = (
                    f"{pipeline.resource_id}: a pipeline labelled {label!r} exists with id "
                    f"{other.get('id')!r} (made by someone else); HubSpot pipeline labels "
                    "are unique"
                )
                return GroupResult({c.resource_id: ChangeOutcome.failed(taken) for c in members})
            gone = f"{why}; the pipeline does not exist: nothing was created, re-run apply"
            return GroupResult({c.resource_id: ChangeOutcome.failed(gone) for c in members})
        return GroupResult(_pipeline_outcomes(obj, found, pipeline, wanted, adopting=why))


NO_STAGES = (
    "HubSpot creates a pipeline only with at least one stage, and this group holds none of "
    "its stage creates"
)


def _foreign(group: ChangeGroup, change: Change) -> ProviderError:
    return ProviderError(
        f"{change.resource_id} ({change.action.value}) does not belong in change group "
        f"{group.key!r}; the plan was made by another version or edited",
        hint="run `revops plan` again",
        provider=PROVIDER,
    )


def _batch_errors(data: Mapping[str, Any]) -> tuple[dict[str, str], str]:
    """A 207's errors: per input name where HubSpot names it (`context.name`), and all of
    them as one text for inputs it does not name."""
    reasons: dict[str, str] = {}
    messages: list[str] = []
    for item in data.get("errors") or []:
        if not isinstance(item, Mapping):
            continue
        message = str(item.get("message") or "rejected")
        messages.append(message)
        names = (item.get("context") or {}).get("name") or []
        for name in names if isinstance(names, list) else []:
            reasons[str(name)] = f"HubSpot did not create it: {message}"
    why = "; ".join(dict.fromkeys(messages)) or "its batch response left it out"
    return reasons, f"HubSpot did not create it: {why}"


def _pipeline_outcomes(
    obj: str,
    data: Mapping[str, Any],
    pipeline: Change,
    wanted: Mapping[str, Change],
    *,
    adopting: str | None,
) -> dict[ResourceId, ChangeOutcome]:
    """An outcome for the pipeline and every stage asked for, from one live pipeline.

    `adopting` (why the create failed) when `data` was re-read after an ambiguous create:
    then each object must match what was asked. A stage the pipeline lacks fails."""
    resources = pipeline_from_api(obj, data)
    remote_id = str(data["id"])
    outcomes: dict[ResourceId, ChangeOutcome] = {}
    attrs = canonical_pipeline(_after(pipeline))
    if adopting is None:
        result = ApplyResult(remote_id=remote_id, attributes=dict(resources[0].attributes))
        outcomes[pipeline.resource_id] = ChangeOutcome.ok(result)
    else:
        outcomes[pipeline.resource_id] = _adoption(
            pipeline, resources[0], remote_id, attrs, why=adopting
        )
    live = {r.id.key.rsplit("/", 1)[1]: r for r in resources[1:]}
    # HubSpot may mint its own stage ids (clients before February 2026 never sent `stageId`,
    # and nothing promises it is honoured): a stage asked for is the live one with its id,
    # else the one with its label (unique within a pipeline), and its remote id is HubSpot's.
    by_label = {str(r.attributes.get("label")): k for k, r in live.items()}
    for asked, change in wanted.items():
        stage_id = asked
        if asked not in live:
            stage_id = by_label.get(str(_after(change).get("label")), asked)
        stage = live.get(stage_id)
        if adopting is not None:
            canonical = canonical_stage(_after(change))
            outcomes[change.resource_id] = _adoption(
                change, stage, stage_id, canonical, why=adopting
            )
        elif stage is None:
            outcomes[change.resource_id] = ChangeOutcome.failed(
                f"{change.resource_id}: HubSpot created the pipeline without this stage"
            )
        else:
            result = ApplyResult(remote_id=stage_id, attributes=dict(stage.attributes))
            outcomes[change.resource_id] = ChangeOutcome.ok(result)
    return outcomes


def _after(change: Change) -> Mapping[str, Any]:
    if not isinstance(change.after, Mapping):
        raise ProviderError(f"{change.resource_id}: change has no desired attributes")
    return change.after


def _changed_paths(change: Change) -> set[str]:
    """Top-level attributes an update touches (all of them when the differ gave none)."""
    paths = {ac.path.split(".", 1)[0].split("[", 1)[0] for ac in change.attribute_changes}
    return paths or set(_after(change))


def _adopt_or_fail(
    change: Change,
    live: Resource | None,
    remote_id: str,
    canonical: Mapping[str, JsonValue],
    *,
    why: str = "",
) -> ApplyResult:
    """After an ambiguous create: the object exists as asked -> adopt; otherwise fail."""
    if live is None:
        raise ProviderError(
            f"{change.resource_id}: "
            + (f"{why}; " if why else "the create failed and ")
            + "the object does not exist",
            hint="nothing was created; "
            + (
                "restore or rename it as said, then plan again"
                if "archived" in why
                else "re-run apply"
            ),
            provider=PROVIDER,
        )
    if dict(live.attributes) != dict(canonical):
        raise ConflictError(
            f"{change.resource_id} exists in HubSpot but differs from the definition "
            "(created by someone else, or a half-applied create)",
            hint="run `revops plan` again: it shows the difference as an update",
            provider=PROVIDER,
        )
    return ApplyResult(remote_id=remote_id, attributes=dict(live.attributes))


def _adoption(
    change: Change,
    live: Resource | None,
    remote_id: str,
    canonical: Mapping[str, JsonValue],
    *,
    why: str,
) -> ChangeOutcome:
    """`_adopt_or_fail` as the outcome of one member of a group."""
    try:
        return ChangeOutcome.ok(_adopt_or_fail(change, live, remote_id, canonical, why=why))
    except RevopsError as exc:
        return ChangeOutcome.failed(exc.message)


# -- property groups ----------------------------------------------------------------------


def _group_read(writer: Writer, obj: str, name: str) -> Resource | None:
    try:
        data = writer.client.get(f"/crm/v3/properties/{obj}/groups/{name}")
    except NotFoundError:
        return None
    return None if not data or data.get("archived") else group_from_api(obj, data)


def create_group(writer: Writer, change: Change) -> ApplyResult:
    obj, name = split_key(change.resource_id.key, 2)
    attrs = canonical_group(_after(change))
    body = {**group_to_api(name, attrs, create=True), "displayOrder": -1}
    try:
        data = writer.client.request("POST", f"/crm/v3/properties/{obj}/groups", json=body)
    except (AmbiguousWriteError, ConflictError):
        return _adopt_or_fail(change, _group_read(writer, obj, name), name, attrs)
    return ApplyResult(remote_id=name, attributes=dict(group_from_api(obj, data).attributes))


def update_group(writer: Writer, change: Change) -> ApplyResult:
    obj, name = split_key(change.resource_id.key, 2)
    body = group_to_api(name, canonical_group(_after(change)), create=False)
    data = writer.client.request("PATCH", f"/crm/v3/properties/{obj}/groups/{name}", json=body)
    return ApplyResult(remote_id=name, attributes=dict(group_from_api(obj, data).attributes))


def delete_group(writer: Writer, change: Change) -> ApplyResult:
    obj, name = split_key(change.resource_id.key, 2)
    writer.client.request("DELETE", f"/crm/v3/properties/{obj}/groups/{name}")
    return ApplyResult(remote_id=None, attributes=None)


# -- properties ---------------------------------------------------------------------------


def _property_read(writer: Writer, obj: str, name: str) -> Resource | None:
    try:
        data = writer.client.get(f"/crm/v3/properties/{obj}/{name}")
    except NotFoundError:
        return None
    return None if not data or data.get("archived") else property_from_api(obj, data)


def create_property(writer: Writer, change: Change) -> ApplyResult:
    obj, name = split_key(change.resource_id.key, 2)
    attrs = canonical_property(_after(change))
    body = property_to_api(name, attrs, create=True)
    try:
        data = writer.client.request("POST", f"/crm/v3/properties/{obj}", json=body)
    except (AmbiguousWriteError, ConflictError) as exc:
        # Names are unique per object: a 409 or a lost response both mean "look first".
        why = _archived_hint(obj, name, exc.message) if isinstance(exc, ConflictError) else ""
        return _adopt_or_fail(change, _property_read(writer, obj, name), name, attrs, why=why)
    return ApplyResult(remote_id=name, attributes=dict(property_from_api(obj, data).attributes))


def _archived_hint(obj: str, name: str, message: str) -> str:
    """HubSpot's 409 "already exists as an archived property", with the way out: an archived
    property keeps its name (HubSpot lets it be restored), so a new one cannot take it."""
    if "archived" not in message.lower():
        return message
    return (
        f"{message}: HubSpot keeps the name of an archived {obj} property, so '{name}' cannot "
        "be created again; restore it in HubSpot (Settings > Properties > Archived "
        "properties) and run `revops plan` to manage it, or give the field another HubSpot "
        "name with `api_names: {hubspot: <new name>}`"
    )


_PROPERTY_WIRE = {
    "label": "label",
    "type": "type",
    "field_type": "fieldType",
    "group": "groupName",
    "description": "description",
    "hidden": "hidden",
    "options": "options",
}


def update_property(writer: Writer, change: Change) -> ApplyResult:
    obj, name = split_key(change.resource_id.key, 2)
    attrs = canonical_property(_after(change))
    full = property_to_api(name, attrs, create=False)
    wanted = {_PROPERTY_WIRE[p] for p in _changed_paths(change) if p in _PROPERTY_WIRE}
    if "type" in wanted or "fieldType" in wanted:
        wanted |= {"type", "fieldType"}  # HubSpot validates the pair together
    body = {k: v for k, v in full.items() if k in wanted}
    data = writer.client.request("PATCH", f"/crm/v3/properties/{obj}/{name}", json=body)
    return ApplyResult(remote_id=name, attributes=dict(property_from_api(obj, data).attributes))


def delete_property(writer: Writer, change: Change) -> ApplyResult:
    obj, name = split_key(change.resource_id.key, 2)
    writer.client.request("DELETE", f"/crm/v3/properties/{obj}/{name}")
    return ApplyResult(remote_id=None, attributes=None)


# -- pipelines ----------------------------------------------------------------------------


def _addr(writer: Writer, change: Change) -> str:
    """The HubSpot key to address: HubSpot's ids where it did not take the ones asked for."""
    return live_key(change.resource_id.key, writer.aliases)


def _pipeline_read(writer: Writer, obj: str, pipeline_id: str) -> dict[str, Any] | None:
    try:
        data = writer.client.get(f"/crm/v3/pipelines/{obj}/{pipeline_id}")
    except NotFoundError:
        return None
    return None if not data or data.get("archived") else dict(data)


def create_pipeline(writer: Writer, change: Change) -> ApplyResult:
    # HubSpot needs the stages in the same request; only the pipeline's change group has them.
    raise ProviderError(
        f"{change.resource_id}: {NO_STAGES}",
        hint="apply the pipeline create in the change group `group()` makes for it",
        provider=PROVIDER,
    )


def update_pipeline(writer: Writer, change: Change) -> ApplyResult:
    obj, pipeline_id = split_key(_addr(writer, change), 2)
    body = {"label": canonical_pipeline(_after(change))["label"]}
    data = writer.client.request("PATCH", f"/crm/v3/pipelines/{obj}/{pipeline_id}", json=body)
    return ApplyResult(remote_id=pipeline_id, attributes=canonical_pipeline(data))


def delete_pipeline(writer: Writer, change: Change) -> ApplyResult:
    obj, pipeline_id = split_key(_addr(writer, change), 2)
    writer.client.request("DELETE", f"/crm/v3/pipelines/{obj}/{pipeline_id}")
    return ApplyResult(remote_id=None, attributes=None)


# -- stages -------------------------------------------------------------------------------


def create_stage(writer: Writer, change: Change) -> ApplyResult:
    """A stage added to a pipeline that exists (a new pipeline brings its stages along)."""
    obj, pipeline_id, stage_id = split_key(_addr(writer, change), 3)
    attrs = canonical_stage(_after(change))
    path = f"/crm/v3/pipelines/{obj}/{pipeline_id}/stages"
    try:
        data = writer.client.request(
            "POST", path, json=stage_to_api(stage_id, attrs, create=True, object_type=obj)
        )
    except (AmbiguousWriteError, ConflictError):
        pipeline = _pipeline_read(writer, obj, pipeline_id) or {}
        for stage in pipeline.get("stages") or []:
            if str(stage["id"]) == stage_id or str(stage.get("label")) == attrs["label"]:
                live = stage_from_api(obj, pipeline_id, stage)
                return _adopt_or_fail(change, live, str(stage["id"]), attrs)
        return _adopt_or_fail(change, None, stage_id, attrs)
    live = stage_from_api(obj, pipeline_id, data)
    return ApplyResult(remote_id=str(data["id"]), attributes=dict(live.attributes))


def update_stage(writer: Writer, change: Change) -> ApplyResult:
    obj, pipeline_id, stage_id = split_key(_addr(writer, change), 3)
    attrs = canonical_stage(_after(change))
    path = f"/crm/v3/pipelines/{obj}/{pipeline_id}/stages/{stage_id}"
    # HubSpot's stage PATCH requires metadata; send the whole (small) stage.
    data = writer.client.request(
        "PATCH", path, json=stage_to_api(stage_id, attrs, create=False, object_type=obj)
    )
    live = stage_from_api(obj, pipeline_id, data)
    return ApplyResult(remote_id=stage_id, attributes=dict(live.attributes))


def delete_stage(writer: Writer, change: Change) -> ApplyResult:
    obj, pipeline_id, stage_id = split_key(_addr(writer, change), 3)
    writer.client.request("DELETE", f"/crm/v3/pipelines/{obj}/{pipeline_id}/stages/{stage_id}")
    return ApplyResult(remote_id=None, attributes=None)


def _replace(create: Handler, delete: Handler) -> Handler:
    def handler(writer: Writer, change: Change) -> ApplyResult:
        delete(writer, change)
        return create(writer, change)

    return handler


HANDLERS: dict[tuple[str, Action], Handler] = {
    (GROUP, Action.CREATE): create_group,
    (GROUP, Action.UPDATE): update_group,
    (GROUP, Action.DELETE): delete_group,
    (PROPERTY, Action.CREATE): create_property,
    (PROPERTY, Action.UPDATE): update_property,
    (PROPERTY, Action.DELETE): delete_property,
    (PROPERTY, Action.REPLACE): _replace(create_property, delete_property),
    (PIPELINE, Action.CREATE): create_pipeline,
    (PIPELINE, Action.UPDATE): update_pipeline,
    (PIPELINE, Action.DELETE): delete_pipeline,
    (STAGE, Action.CREATE): create_stage,
    (STAGE, Action.UPDATE): update_stage,
    (STAGE, Action.DELETE): delete_stage,
}
"""Every change HubSpot can take; anything else is refused with a clear message. A pipeline
create is applied with its stages by `Writer.apply_group`; alone it is refused."""


__all__ = [
    "BATCH_CREATE_PROPERTIES",
    "BATCH_SIZE",
    "CREATE_PIPELINE",
    "HANDLERS",
    "REQUEST",
    "Writer",
    "group_changes",
]
