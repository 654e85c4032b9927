"""The built wheel, installed in a fresh virtualenv, runs `revops validate` (DESIGN §1).

The wheel is built offline (`--no-build-isolation`, setuptools from the dev extra) and installed
with `--no-deps`; the fresh venv reaches the dependencies through a `.pth` line pointing at this
interpreter's site-packages, which adds the directory to `sys.path` without running its `.pth`
files, so the editable install of the source tree stays invisible. No network is used.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    src = tmp_path_factory.mktemp("src") / "revops-as-code"
    # Build from a copy so no build/ or egg-info litter lands in the working tree.
    shutil.copytree(
        ROOT,
        src,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".git",
            ".revops",
            "build",
            "*.egg-info",
            "__pycache__",
            ".typecheck",
            ".mypy_cache",
            ".pytest_cache",
            ".ruff_cache",
            ".hypothesis",
            ".corpus",
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(src),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("revops_as_code-*.whl")
    return built


@pytest.fixture(scope="module")
def fresh_venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    env_dir = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (site / "_revops_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    # A wheel install would also write the console script; extractall does not, so write the
    # equivalent launcher from the wheel's own entry_points.txt.
    (info,) = site.glob("revops_as_code-*.dist-info")
    assert "revops = revops_as_code.cli.main:main" in (info / "entry_points.txt").read_text()
    launcher = env_dir / "bin" / "revops"
    launcher.write_text(
        f"#!{python}\nimport sys\nfrom revops_as_code.cli.main import main\nsys.exit(main())\n"
    )
    launcher.chmod(0o755)
    return env_dir


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["NO_COLOR"] = "1"
    return env


def test_wheel_has_no_top_level_providers_or_schemas(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        tops = {name.split("/", 1)[0] for name in zf.namelist()}
    assert "providers" not in tops and "schemas" not in tops
    assert "revops_as_code" in tops


def test_wheel_ships_schemas_and_provider_base(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    assert "revops_as_code/providers/base.py" in names
    assert "revops_as_code/schemas/__init__.py" in names
    schema_files = [
        n for n in names if n.startswith("revops_as_code/schemas/") and n.endswith(".json")
    ]
    assert schema_files, "no JSON Schemas shipped in the wheel"


def test_installed_wheel_imports_from_site_packages(fresh_venv: Path, tmp_path: Path) -> None:
    python = fresh_venv / "bin" / "python"
    out = subprocess.run(
        [python, "-c", "import revops_as_code.providers.base as b; print(b.__file__)"],
        cwd=tmp_path,
        env=_clean_env(),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert str(fresh_venv) in out, out
    site = Path(out.strip()).parents[2]
    assert not (site / "providers").exists() and not (site / "schemas").exists()


def test_installed_wheel_validates_bundled_definitions(fresh_venv: Path, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "definitions", tmp_path / "definitions")
    result = subprocess.run(
        [fresh_venv / "bin" / "revops", "validate", "definitions"],
        cwd=tmp_path,
        env=_clean_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
