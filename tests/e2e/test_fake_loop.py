"""End to end through the CLI on the fake provider (issue 5, "Done when").

validate → drift without state (exit 1) → plan (exit 2) → apply → plan (exit 0, "No
changes.") → out-of-band edit → drift exit 2 → apply refuses without --overwrite-drift; stale
saved plans are refused; protected objects survive removal of their YAML; import of a
hand-built live config → plan empty, and removing its YAML forgets it (never deletes it).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from revops_as_code.resources import ResourceId

from .conftest import CANARY, Project, pipeline_yaml

Rid = Callable[[str], ResourceId]


def test_the_whole_loop(fake_project: Project, pipeline_rid: Rid) -> None:
    project, rid = fake_project, pipeline_rid
    project.write("definitions/pipeline.yaml", pipeline_yaml())
    project.world.put(rid("legacy"), {"label": "Made by hand, never managed"})
    assert project.revops("validate", str(project.root / "definitions")).exit_code == 0

    # Nothing applied yet: drift cannot be checked, which is an error, never "no drift".
    blind = project.revops("drift")
    assert blind.exit_code == 1 and "no state at" in blind.output, blind.output

    first = project.revops("plan", "--detailed-exitcode")
    assert first.exit_code == 2, first.output
    assert "Plan: 1 to add, 0 to change, 0 to destroy." in first.output

    refused = project.revops("apply")  # no terminal in tests: must not prompt
    assert refused.exit_code == 1 and "--auto-approve" in refused.output
    assert rid("new_business") not in project.world.snapshot()

    applied = project.revops("apply", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert "Apply complete! 1 applied, 0 failed, 0 skipped." in applied.output
    assert "create fake/pipeline/new_business: applied" in applied.output  # CI: one line each
    assert rid("legacy") in project.world.snapshot()  # unmanaged: never planned for deletion
    assert rid("new_business") in project.world.snapshot()

    again = project.revops("plan", "--detailed-exitcode")
    assert again.exit_code == 0 and "No changes." in again.output
    assert project.revops("drift").exit_code == 0

    project.world.edit(rid("new_business"), label="Renamed by hand")
    drift = project.revops("drift")
    assert drift.exit_code == 2 and "fake/pipeline/new_business" in drift.output
    assert "Renamed by hand" in drift.output
    assert project.revops("plan", "--detailed-exitcode").exit_code == 2

    blocked = project.revops("apply", "--auto-approve")
    assert blocked.exit_code == 1 and "--overwrite-drift" in blocked.output
    assert project.world.snapshot()[rid("new_business")]["label"] == "Renamed by hand"

    fixed = project.revops("apply", "--auto-approve", "--overwrite-drift")
    assert fixed.exit_code == 0, fixed.output
    assert project.world.snapshot()[rid("new_business")]["label"] == "New business"
    assert project.revops("drift").exit_code == 0
    assert project.revops("plan", "--detailed-exitcode").exit_code == 0

    _no_secret_anywhere(project)


def test_saved_plan_whose_live_objects_changed_is_refused(
    fake_project: Project, pipeline_rid: Rid
) -> None:
    project, rid = fake_project, pipeline_rid
    project.write("definitions/pipeline.yaml", pipeline_yaml())
    project.revops("apply", "--auto-approve")
    project.write("definitions/pipeline.yaml", pipeline_yaml(label="New business 2026"))
    plan_file = project.root / "plan.json"
    saved = project.revops("plan", "--out", str(plan_file), "--detailed-exitcode")
    assert saved.exit_code == 2 and plan_file.is_file()
    project.world.edit(rid("new_business"), label="Someone else")
    stale = project.revops("apply", str(plan_file), "--auto-approve", "--overwrite-drift")
    assert stale.exit_code == 1
    assert "changed since the plan" in stale.output and "fake/pipeline/new_business" in stale.output
    assert project.world.snapshot()[rid("new_business")]["label"] == "Someone else"


def test_saved_plan_applies_when_nothing_changed(fake_project: Project, pipeline_rid: Rid) -> None:
    project, rid = fake_project, pipeline_rid
    project.write("definitions/pipeline.yaml", pipeline_yaml())
    plan_file = project.root / "plan.json"
    project.revops("plan", "--out", str(plan_file))
    applied = project.revops("apply", str(plan_file), "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert rid("new_business") in project.world.snapshot()
    # The same plan again is stale: state moved on.
    assert project.revops("apply", str(plan_file), "--auto-approve").exit_code == 1


def test_protected_object_survives_removal_of_its_yaml(
    fake_project: Project, pipeline_rid: Rid
) -> None:
    project, rid = fake_project, pipeline_rid
    project.write("definitions/pipeline.yaml", pipeline_yaml(protect=True))
    project.write("definitions/other.yaml", pipeline_yaml(key="renewals", label="Renewals"))
    assert project.revops("apply", "--auto-approve").exit_code == 0
    state = json.loads(project.state_path.read_text())
    assert state["resources"]["fake/pipeline/new_business"]["protect"] is True

    (project.root / "definitions/pipeline.yaml").unlink()
    plan = project.revops("plan", "--detailed-exitcode")
    assert plan.exit_code == 1, plan.output  # a blocking finding: deleting a protected object
    attempt = project.revops("apply", "--auto-approve", "--allow-destructive")
    assert attempt.exit_code == 1
    assert rid("new_business") in project.world.snapshot()


def test_destructive_change_needs_allow_destructive(
    fake_project: Project, pipeline_rid: Rid
) -> None:
    project, rid = fake_project, pipeline_rid
    project.write("definitions/pipeline.yaml", pipeline_yaml())
    project.write("definitions/other.yaml", pipeline_yaml(key="renewals", label="Renewals"))
    project.revops("apply", "--auto-approve")
    (project.root / "definitions/other.yaml").unlink()
    refused = project.revops("apply", "--auto-approve")
    assert refused.exit_code == 1 and "--allow-destructive" in refused.output
    assert rid("renewals") in project.world.snapshot()
    done = project.revops("apply", "--auto-approve", "--allow-destructive")
    assert done.exit_code == 0, done.output
    assert rid("renewals") not in project.world.snapshot()


def test_import_of_a_hand_built_live_config_then_plan_is_empty(
    fake_project: Project, pipeline_rid: Rid
) -> None:
    project, rid = fake_project, pipeline_rid
    stages = [
        {"key": "new", "label": "New", "probability": 5.0, "forecast_category": "pipeline"},
        {
            "key": "signed",
            "label": "Signed",
            "probability": 100.0,
            "forecast_category": "closed",
            "outcome": "won",
        },
        {
            "key": "dropped",
            "label": "Dropped",
            "probability": 0.0,
            "forecast_category": "omitted",
            "outcome": "lost",
        },
    ]
    project.world.put(
        rid("partners"),
        {"kind": "Pipeline", "key": "partners", "label": "Partners", "stages": stages},
    )
    before = project.revops("plan", "--detailed-exitcode")
    assert before.exit_code == 1 and "no *.yaml" in before.output  # an error, never 2

    imported = project.revops("import")
    assert imported.exit_code == 0, imported.output
    files = sorted((project.root / "definitions").rglob("*.yaml"))
    assert len(files) == 1
    text = files[0].read_text()
    assert text.startswith(
        "# Imported by `revops import` from fake target 'fake' of environment 'dev' on "
    )
    assert "# Live object: fake/pipeline/partners (remote id fake-1)" in text
    assert text.index("apiVersion") < text.index("kind:") < text.index("key: partners")

    after = project.revops("plan", "--detailed-exitcode")
    assert after.exit_code == 0 and "No changes." in after.output
    listed = project.revops("state", "list")
    assert listed.output.split() == ["fake/pipeline/partners"]
    state = json.loads(project.state_path.read_text())
    assert state["resources"]["fake/pipeline/partners"]["ownership"] == "adopted"
    assert project.revops("import").exit_code == 0  # nothing left unmanaged: writes nothing
    assert sorted((project.root / "definitions").rglob("*.yaml")) == files

    # Imported objects were live before revops: removing their YAML forgets them, never
    # deletes them.
    files[0].unlink()
    project.write("definitions/pipeline.yaml", pipeline_yaml())
    forget = project.revops("plan")
    assert "Plan: 1 to add, 0 to change, 0 to destroy, 1 to forget." in forget.output
    assert "forget fake/pipeline/partners" in forget.output
    done = project.revops("apply", "--auto-approve")
    assert done.exit_code == 0, done.output
    assert rid("partners") in project.world.snapshot()
    assert project.revops("state", "list").output.split() == ["fake/pipeline/new_business"]


def test_plan_formats_and_errors_never_exit_2(fake_project: Project) -> None:
    project = fake_project
    project.write("definitions/pipeline.yaml", pipeline_yaml())
    as_json = project.revops("plan", "--format", "json", "--detailed-exitcode")
    assert as_json.exit_code == 2
    assert json.loads(as_json.output)["has_changes"] is True
    markdown = project.revops("plan", "--format", "markdown")
    assert markdown.exit_code == 0
    # The definition first, then where it is and the vendor address.
    assert "<code>+ pipeline new_business</code> create" in markdown.output
    assert "definitions/pipeline.yaml:1)  fake pipeline new_business" in markdown.output

    project.write(
        "definitions/broken.yaml", "apiVersion: revops.dev/v1\nkind: Pipeline\nkey: Bad Key\n"
    )
    broken = project.revops("plan", "--detailed-exitcode")
    assert broken.exit_code == 1
    assert "broken.yaml:" in broken.output


def test_state_commands(fake_project: Project) -> None:
    project = fake_project
    project.write("definitions/pipeline.yaml", pipeline_yaml())
    project.revops("apply", "--auto-approve")
    assert project.revops("state", "list").output.split() == ["fake/pipeline/new_business"]
    shown = json.loads(project.revops("state", "show", "fake/pipeline/new_business").output)
    assert shown["remote_id"] == "fake-1" and shown["attributes"]["label"] == "New business"
    assert project.revops("state", "show", "fake/pipeline/nope").exit_code == 1

    from revops_as_code.state import LocalBackend

    held = LocalBackend(project.state_path).acquire_lock("apply")
    locked = project.revops("apply", "--auto-approve")
    assert locked.exit_code == 1 and held.id in locked.output and held.holder in locked.output
    assert project.revops("state", "force-unlock", "wrong-id").exit_code == 1
    unlocked = project.revops("state", "force-unlock", held.id)
    assert unlocked.exit_code == 0 and held.id in unlocked.output

    removed = project.revops("state", "rm", "fake/pipeline/new_business")
    assert removed.exit_code == 0
    assert project.revops("state", "list").output.split() == []
    _no_secret_anywhere(project)


def test_unknown_environment_is_an_error(fake_project: Project) -> None:
    project = fake_project
    result = project.revops("--env", "prod", "plan")
    assert result.exit_code == 1 and "unknown environment 'prod'" in result.output


def _no_secret_anywhere(project: Project) -> None:
    assert all(CANARY not in out for out in project.outputs)
    for path in Path(project.root).rglob("*"):
        if path.is_file():
            assert CANARY not in path.read_text(errors="replace"), path


def test_sigint_finishes_the_change_in_flight_persists_and_exits_130(fake_project: Project) -> None:
    project = fake_project
    import os
    import signal
    import subprocess
    import sys

    text = (project.root / "revops.yaml").read_text()
    (project.root / "revops.yaml").write_text(
        text.replace(
            "settings: {path: .revops/fake/live.json}",
            "settings: {path: .revops/fake/live.json, faults: {latency: 0.3}}",
        )
    )
    for n in range(6):
        project.write(f"definitions/p{n}.yaml", pipeline_yaml(key=f"pipeline_{n}", label=f"P{n}"))
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "revops_as_code",
            "-C",
            str(project.root),
            "apply",
            "--auto-approve",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if ": applied" in line:  # CI output: one line per finished change
            break
    proc.send_signal(signal.SIGINT)
    rest = proc.stdout.read()
    assert proc.wait(timeout=60) == 130, rest
    assert "Apply interrupted." in rest and "not started" in rest
    state = json.loads(project.state_path.read_text())
    live = project.world.snapshot()
    assert 1 <= len(state["resources"]) < 6
    assert set(state["resources"]) == {str(r) for r in live}  # everything done is in state
    assert not (project.state_path.parent / "dev.json.lock").exists()
