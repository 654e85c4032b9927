"""Reading an environment for the consistency report: every target's profiles, one read.

Each target's definitions are compiled for it (its selection, its provider's mapping) and
its live objects read once for all targets (concurrently, as a plan reads them); each
provider then describes its own fields in its own namespace (`Provider.field_profiles`).
Targets whose provider cannot say are reported as not compared, never silently agreeing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from revops_as_code.compile import compile_for
from revops_as_code.consistency.report import ConsistencyReport, TargetProfiles, compare
from revops_as_code.providers.base import LiveSnapshot, Provider
from revops_as_code.resources import ResourceSet

if TYPE_CHECKING:
    from revops_as_code.engine import Workspace
    from revops_as_code.models import Definitions


def describes_fields(provider: Provider) -> bool:
    """Whether `provider` implements `field_profiles` (the base class always says None)."""
    return type(provider).field_profiles is not Provider.field_profiles


def comparable(workspace: Workspace) -> bool:
    """More than one target whose provider describes its fields: a report is worth a read."""
    return sum(describes_fields(t.provider) for t in workspace.targets.values()) > 1


def read_profiles(
    workspace: Workspace, definitions: Definitions | None = None
) -> dict[str, TargetProfiles | None]:
    """Target -> its profiles (None: its provider cannot say)."""
    definitions = definitions if definitions is not None else workspace.definitions()
    able = [n for n, t in workspace.targets.items() if describes_fields(t.provider)]
    out: dict[str, TargetProfiles | None] = {n: None for n in workspace.targets}
    if not able:
        return out
    # The plan's own read when there was one (`revops plan`), else a fresh one.
    live = workspace.last_live or workspace.read_live()
    for name in able:
        target = workspace.targets[name]
        compiled = compile_for(target.provider, target.select(definitions))
        own = LiveSnapshot(
            resources=ResourceSet.of(r for r in live.resources if r.id.target == name),
            remote_ids={k: v for k, v in live.remote_ids.items() if k.target == name},
            meta={k: v for k, v in live.meta.items() if k.target == name},
        )
        profiles = target.provider.field_profiles(target.snapshot_in(own), compiled)
        if profiles is not None:
            out[name] = TargetProfiles(name, target.provider_name, profiles)
    return out


def check_workspace(workspace: Workspace) -> ConsistencyReport:
    """The consistency report across the workspace's targets."""
    definitions = workspace.definitions()
    return compare(
        read_profiles(workspace, definitions), definitions, targets=workspace.target_providers
    )


__all__ = ["check_workspace", "comparable", "describes_fields", "read_profiles"]
