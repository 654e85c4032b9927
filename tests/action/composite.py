"""Run a composite action's shell steps the way a GitHub runner does: each `run:` script in
`bash --noprofile --norc -eo pipefail`, with its `env:` and `working-directory:` evaluated
from a context, step outputs read back from its `$GITHUB_OUTPUT` file.

Only what the action uses is evaluated: `${{ a.b.c }}` look-ups into the context. Any other
expression in a shell step is an error here, so the action cannot start depending on one
without this runner (and its test) noticing. `uses:` steps (setup-python, upload-artifact)
are GitHub's own and are not run.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
PATH = re.compile(r"^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$")


def evaluate(text: str, context: dict[str, Any]) -> str:
    def one(match: re.Match[str]) -> str:
        expr = match.group(1)
        if not PATH.match(expr):
            raise AssertionError(f"expression {expr!r} is not supported by the test runner")
        value: Any = context
        for part in expr.split("."):
            value = value.get(part, "") if isinstance(value, dict) else ""
        return "" if value is None else str(value)

    return EXPR.sub(one, text)


@dataclass
class StepRun:
    id: str
    returncode: int
    stdout: str
    stderr: str
    outputs: dict[str, str] = field(default_factory=dict)


def parse_outputs(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in text.splitlines():
        if "=" in line:
            key, value = line.split("=", 1)
            out[key] = value
    return out


def run_action(
    action: Path,
    *,
    inputs: dict[str, str],
    github: dict[str, Any],
    env: dict[str, str],
    workspace: Path,
    skip: frozenset[str] = frozenset(),
) -> list[StepRun]:
    spec = yaml.safe_load(action.read_text())
    defaults = {k: str(v.get("default", "")) for k, v in spec.get("inputs", {}).items()}
    context: dict[str, Any] = {
        "inputs": {**{k: evaluate(v, {"github": github}) for k, v in defaults.items()}, **inputs},
        "github": github,
        "steps": {},
    }
    runs: list[StepRun] = []
    for index, step in enumerate(spec["runs"]["steps"]):
        step_id = step.get("id", f"step{index}")
        if "run" not in step or step_id in skip:
            continue
        assert step.get("shell") == "bash", f"step {step_id} must say shell: bash"
        assert "${{" not in step["run"], f"step {step_id}: expressions belong in env:, not run:"
        step_env = {k: evaluate(str(v), context) for k, v in step.get("env", {}).items()}
        cwd = workspace / evaluate(step.get("working-directory", "."), context)
        output_file = Path(env["RUNNER_TEMP"]) / f"output-{step_id}"
        output_file.write_text("")
        script = Path(env["RUNNER_TEMP"]) / f"step-{step_id}.sh"
        script.write_text(step["run"])
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=cwd,
            env={**env, **step_env, "GITHUB_OUTPUT": str(output_file)},
            capture_output=True,
            text=True,
            timeout=300,
        )
        outputs = parse_outputs(output_file.read_text())
        context["steps"][step_id] = {"outputs": outputs}
        runs.append(StepRun(step_id, done.returncode, done.stdout, done.stderr, outputs))
        if done.returncode != 0:
            break
    return runs


def base_env(tmp: Path) -> dict[str, str]:
    """A runner's environment: the test's venv first on PATH (revops is installed there)."""
    bin_dir = str(Path(sys.executable).parent)
    return {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": str(tmp / "home"),
        "RUNNER_TEMP": str(tmp / "runner-temp"),
        "GITHUB_REPOSITORY": "acme/gtm",
        "LANG": "C.UTF-8",
    }
