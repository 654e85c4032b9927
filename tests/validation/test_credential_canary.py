"""A canary credential pasted anywhere a user could paste it is refused, shown redacted, and
absent from every output and file: definitions, revops.yaml settings (any key), a URL's
`user:password@`, the state settings; given properly (the environment variable), it is in
no output, plan, state, history or live object."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from revops_as_code.cli.main import cli
from revops_as_code.loader import SourceDocument
from revops_as_code.validation.rules.credentials import scan

CANARY = "pat-na1-0badc0de-1234-4abc-9def-00c0ffee0042"
"""HubSpot private-app token shape, fake."""

SHAPED = {
    "HubSpot private-app token": CANARY,
    "Salesforce session id": "00D5g000004ABCD!AQ0AQH" + "x" * 60,
    "Salesforce refresh token": "5Aep861" + "Ab3" * 20,
    "Google OAuth client secret": "GOCSPX-" + "q" * 28,
    "password in a URL": "https://svc-user:Sup3rS3cret@crm.example.com/api",
    "private key": "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAA\n",
}

REVOPS_YAML = """\
definitions: definitions/
default_environment: dev
environments:
  dev:
    provider: fake
    settings: {{path: .revops/fake/live.json{extra}}}
    credentials_env: FAKE_TOKEN
    state: {state}
"""

PIPELINE = """\
apiVersion: revops.dev/v1
kind: Pipeline
key: main
label: {label}
stages:
  - {{key: open, label: Open, probability: 10.0, forecast_category: pipeline}}
"""


def project(
    tmp_path: Path, *, extra: str = "", state: str = "{backend: local}", label: str = "Main"
) -> Path:
    root = tmp_path / "p"
    (root / "definitions").mkdir(parents=True)
    (root / "revops.yaml").write_text(REVOPS_YAML.format(extra=extra, state=state))
    (root / "definitions/main.yaml").write_text(PIPELINE.format(label=label))
    return root


def run(root: Path, *args: str, token: str = "fake-credential") -> Result:
    result = CliRunner().invoke(
        cli, ["-C", str(root), *args], env={"FAKE_TOKEN": token, "NO_COLOR": "1"}
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


class _Nowhere:
    def lookup(self, pointer: str, *, key: bool = False) -> tuple[int, int]:
        return 1, 1


def every_file(root: Path) -> str:
    return "".join(
        p.read_bytes().decode("utf-8", "replace")
        for p in root.rglob("*")
        if p.is_file()
        if p.parent != root / "definitions" and p.name != "revops.yaml"
    )


@pytest.mark.parametrize("kind", sorted(SHAPED))
def test_every_known_shape_is_found_and_shown_redacted(kind: str) -> None:
    value = SHAPED[kind]
    found = scan(SourceDocument("x.yaml", 0, {"description": f"see {value}"}, _Nowhere()))
    assert len(found) == 1 and kind in found[0].message
    assert value not in found[0].message and value[6:20] not in found[0].message


@pytest.mark.parametrize(
    "extra",
    [
        f", tier: {CANARY}",
        f", portal: {{name: x, note: {CANARY}}}",
        f", base_url: 'https://bob:{CANARY}@api.example.com'",
        ", base_url: 'https://bob:plain-password@api.example.com'",
        f", labels: [a, {CANARY}]",
    ],
)
def test_a_credential_in_revops_yaml_settings_is_refused_redacted(
    tmp_path: Path, extra: str
) -> None:
    root = project(tmp_path, extra=extra)
    for command in (["validate"], ["plan"], ["apply", "--auto-approve"], ["state", "list"]):
        result = run(root, *command)
        assert result.exit_code == 1, (command, result.output)
        assert "RV401" in result.output and "revops.yaml:" in result.output
        assert CANARY not in result.output and "plain-password" not in result.output
    assert not (root / ".revops/fake/live.json").exists()  # nothing was applied


def test_a_credential_in_the_state_settings_is_refused(tmp_path: Path) -> None:
    root = project(tmp_path, state=f"{{backend: postgres, dsn_env: X, name: '{CANARY}'}}")
    result = run(root, "plan")
    assert result.exit_code == 1 and "RV401" in result.output and CANARY not in result.output


def test_a_credential_in_a_definition_is_refused_redacted(tmp_path: Path) -> None:
    root = project(tmp_path, label=f"Main {CANARY}")
    for command in (["validate"], ["plan"], ["apply", "--auto-approve"]):
        result = run(root, *command)
        assert result.exit_code == 1 and "RV401" in result.output
        assert CANARY not in result.output
    assert CANARY not in every_file(root)


def test_the_credential_given_properly_is_in_no_output_or_file(tmp_path: Path) -> None:
    root = project(tmp_path)
    outputs = [
        run(root, *command, token=CANARY)
        for command in (
            ["plan", "--out", str(root / "plan.json")],
            ["apply", "--auto-approve"],
            ["drift"],
            ["state", "pull"],
            ["state", "history"],
            ["state", "list"],
        )
    ]
    assert all(r.exit_code == 0 for r in outputs), [r.output for r in outputs]
    assert CANARY not in "".join(r.output for r in outputs)
    assert (root / ".revops/fake/live.json").exists() and (root / "plan.json").exists()
    assert CANARY not in every_file(root)
