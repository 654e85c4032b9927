"""What each target of an environment receives: what `revops import` wrote from one target
(`imported/<env>/<target>/`) belongs to that target only."""

from __future__ import annotations

from pathlib import Path

from revops_as_code.engine import Workspace
from revops_as_code.validation import validate_path

PIPELINE = """\
apiVersion: revops.dev/v1
kind: Pipeline
key: {key}
label: {key}
stages:
  - {{key: open, label: Open, probability: 10, forecast_category: pipeline}}
  - {{key: won, label: Won, probability: 100, forecast_category: closed, outcome: won}}
  - {{key: lost, label: Lost, probability: 0, forecast_category: omitted, outcome: lost}}
"""

REVOPS = """\
definitions: definitions/
default_environment: two
environments:
  two:
    targets:
      crm: {provider: fake}
      map: {provider: fake}
"""


def test_imported_documents_belong_to_the_target_they_came_from(tmp_path: Path) -> None:
    (tmp_path / "revops.yaml").write_text(REVOPS)
    files = {
        "shared.yaml": "shared",
        "imported/two/crm/from_crm.yaml": "from_crm",
        "imported/two/map/from_map.yaml": "from_map",
    }
    for name, key in files.items():
        path = tmp_path / "definitions" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PIPELINE.format(key=key))
    definitions = validate_path(tmp_path / "definitions").definitions
    assert definitions is not None
    workspace = Workspace.open(tmp_path, "two")
    try:
        received = {
            name: sorted(d.model.key for d in target.select(definitions).documents)
            for name, target in workspace.targets.items()
        }
    finally:
        workspace.close()
    assert received == {"crm": ["from_crm", "shared"], "map": ["from_map", "shared"]}
