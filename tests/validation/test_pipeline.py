"""The pipeline over a throwaway model: structure, model errors located, rules, ordering."""

from __future__ import annotations

from collections.abc import Iterator

from revops_as_code.diagnostics import Diagnostic, Location, Severity
from revops_as_code.errors import DefinitionError
from revops_as_code.validation import RuleContext
from tests.validation.helpers import Widget, found, run

HEAD = b"apiVersion: revops.dev/v1\nkind: Widget\n"


def test_valid_document_builds_definitions() -> None:
    result = run(HEAD + b"key: w\nsize: 3\noptions:\n  - {key: a, label: A}\n")
    assert result.ok and result.diagnostics == []
    assert result.definitions == (
        Widget.model_validate(
            {"apiVersion": "revops.dev/v1", "kind": "Widget", "key": "w", "size": 3,
             "options": [{"key": "a", "label": "A"}]}
        ),
    )  # fmt: skip
    assert result.raise_for_errors() is result.definitions


def test_scalar_list_and_empty_documents_are_not_mappings() -> None:
    result = run({"s.yaml": b"just text\n", "l.yaml": b"- a\n- b\n", "e.yaml": b"---\n"})
    # An empty document is reported where its (empty) content starts: after the `---`.
    assert found(result) == [("e.yaml:2:1", "RV100"), ("l.yaml:1:1", "RV100"),
                             ("s.yaml:1:1", "RV100")]  # fmt: skip
    assert "found a list" in result.diagnostics[1].message
    assert result.definitions is None


def test_api_version_missing_newer_and_unknown() -> None:
    result = run({
        "a.yaml": b"kind: Widget\nkey: w\nsize: 1\n",
        "b.yaml": b"apiVersion: revops.dev/v3\nkind: Widget\n",
        "c.yaml": b"kind: Widget\napiVersion: revops/v1\n",
    })  # fmt: skip
    assert found(result) == [("a.yaml:1:1", "RV101"), ("b.yaml:1:13", "RV102"),
                             ("c.yaml:2:13", "RV102")]  # fmt: skip
    newer = result.diagnostics[1]
    assert "newer" in newer.message and "reads revops.dev/v1 only" in newer.message
    assert "upgrade revops" in (newer.hint or "")


def test_kind_missing_and_unknown_with_did_you_mean() -> None:
    result = run(
        {"a.yaml": b"apiVersion: revops.dev/v1\n", "b.yaml": HEAD.replace(b"Widget", b"widgit")}
    )
    assert found(result) == [("a.yaml:1:1", "RV103"), ("b.yaml:2:7", "RV104")]
    assert result.diagnostics[1].hint == "did you mean 'Widget'?"


def test_unknown_key_points_at_the_key_and_suggests_the_nearest() -> None:
    result = run(HEAD + b"key: w\nsize: 1\noptions:\n  - key: a\n    lable: A\n")
    assert found(result) == [("w.yaml:6:5", "RV111"), ("w.yaml:7:5", "RV110")]
    missing, unknown = result.diagnostics
    assert unknown.message == "unknown key 'lable'"
    assert unknown.hint == "did you mean 'label'?"
    assert unknown.location.pointer == "/options/0/lable"
    assert missing.message == "missing required key 'label'"


def test_unknown_key_inside_a_dict_of_models_and_at_the_root() -> None:
    result = run(
        HEAD + b"key: w\nsize: 1\nszie: 2\nlabels:\n  x: {key: a, label: A, colour: red}\n"
    )
    assert found(result) == [("w.yaml:5:1", "RV110"), ("w.yaml:7:25", "RV110")]
    assert result.diagnostics[0].hint == "did you mean 'size'?"
    assert result.diagnostics[1].hint == "valid keys here: key, label"


def test_missing_key_points_at_the_mapping_that_lacks_it() -> None:
    result = run(HEAD + b"key: w\n")
    assert found(result) == [("w.yaml:1:1", "RV111")]
    assert result.diagnostics[0].location.pointer == "/size"


def test_wrong_type_never_echoes_the_value() -> None:
    token = "pat-na1-0123456789abcdef0123456789abcdef"
    result = run(HEAD + f"key: w\nsize: {token}\n".encode())
    assert found(result) == [("w.yaml:4:7", "RV112")]
    assert token not in result.diagnostics[0].format()
    assert "got a string" in result.diagnostics[0].message


def test_invalid_choice_suggests_the_nearest() -> None:
    result = run(HEAD + b"key: w\nsize: 1\nmode: fsat\noptions: [{key: Bad-Key, label: x}]\n")
    assert found(result) == [("w.yaml:5:7", "RV113"), ("w.yaml:6:17", "RV113")]
    assert result.diagnostics[0].hint == "did you mean 'fast'?"


def test_wrong_container_type() -> None:
    result = run(HEAD + b"key: w\nsize: 1\noptions: {key: a}\n")
    assert found(result) == [("w.yaml:5:10", "RV112")]


def test_loader_findings_are_not_repeated_by_the_model() -> None:
    result = run(HEAD + b"key: !!python/name:os.system ''\nsize: 1\n")
    assert found(result) == [("w.yaml:3:6", "RV009")]


def test_alias_documents_are_refused_once() -> None:
    result = run(HEAD + b"key: &k w\nsize: 1\nmode: *k\n")
    assert found(result) == [("w.yaml:5:7", "RV010")]
    assert result.definitions is None


def test_several_documents_and_files_sorted_by_file_and_position() -> None:
    result = run({
        "b.yaml": HEAD + b"key: w\nsize: x\n---\napiVersion: revops.dev/v1\nkind: Gadget\n",
        "a.yaml": HEAD + b"key: w\n",
    })  # fmt: skip
    assert found(result) == [("a.yaml:1:1", "RV111"), ("b.yaml:4:7", "RV112"),
                             ("b.yaml:6:1", "RV111")]  # fmt: skip
    assert result.documents == 3


def _warn_every_widget(ctx: RuleContext) -> Iterator[Diagnostic]:
    for model in ctx.definitions:  # type: ignore[attr-defined]
        yield Diagnostic(Severity.WARNING, "RV299", f"widget {model.key}", Location("w.yaml", 3, 6))


def test_rules_run_and_warnings_keep_the_result_ok() -> None:
    rule = _warn_every_widget
    rule.code = "RV299"  # type: ignore[attr-defined]
    result = run(HEAD + b"key: w\nsize: 1\n", rules=[rule])  # type: ignore[list-item]
    assert found(result) == [("w.yaml:3:6", "RV299")]
    assert result.ok and result.warnings and result.definitions is not None


def test_a_crashing_rule_is_reported_not_raised() -> None:
    def broken(ctx: RuleContext) -> Iterator[Diagnostic]:
        raise KeyError("bug")

    broken.code = "RV298"  # type: ignore[attr-defined]
    result = run(HEAD + b"key: w\nsize: 1\n", rules=[broken])  # type: ignore[list-item]
    assert [d.code for d in result.diagnostics] == ["RV190"]
    assert "RV298" in result.diagnostics[0].message
    assert not result.ok


def test_duplicates_are_dropped_and_errors_raise() -> None:
    def twice(ctx: RuleContext) -> Iterator[Diagnostic]:
        for _ in range(2):
            yield Diagnostic(Severity.ERROR, "RV297", "same", Location("w.yaml", 1, 1))

    twice.code = "RV297"  # type: ignore[attr-defined]
    result = run(HEAD + b"key: w\nsize: 1\n", rules=[twice])  # type: ignore[list-item]
    assert found(result) == [("w.yaml:1:1", "RV297")]
    try:
        result.raise_for_errors()
    except DefinitionError as exc:
        assert exc.diagnostics == result.diagnostics
    else:  # pragma: no cover
        raise AssertionError("expected DefinitionError")


def test_a_bad_item_does_not_also_make_its_list_too_short() -> None:
    gadget = b"apiVersion: revops.dev/v1\nkind: Gadget\nname: g\n"
    result = run({
        "bad_item.yaml": gadget + b"parts:\n  - {key: Bad, label: x}\n",
        "empty.yaml": gadget + b"parts: []\n",
    })  # fmt: skip
    assert found(result) == [("bad_item.yaml:5:11", "RV113"), ("empty.yaml:4:8", "RV113")]
    assert "at least 1 item" in result.diagnostics[1].message
