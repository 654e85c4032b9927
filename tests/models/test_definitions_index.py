"""`Definitions` lookups go through indexes and answer as the scans they replaced did:
the first match in load order, across every standard of an object."""

from __future__ import annotations

from revops_as_code.loader import load_bytes
from revops_as_code.models import KINDS, DefinitionDocument, Definitions, refs


def _defs(*texts: str) -> Definitions:
    """Typed documents, duplicates and all (RV210 would report them; lookups must not care)."""
    documents = []
    for i, text in enumerate(texts):
        for source in load_bytes(text.encode(), f"d/{i}.yaml").documents:
            model = KINDS[source.data["kind"]].model_validate(source.data)
            documents.append(DefinitionDocument(model=model, source=source))
    return Definitions(documents=tuple(documents))


def _standard(obj: str, *fields: str, facts: str = "") -> str:
    body = "".join(
        f"  - {{key: {f}, label: {f.split(':')[0]}, type: number, description: d.}}\n"
        for f in fields
    )
    return f"apiVersion: revops.dev/v1\nkind: FieldStandard\nobject: {obj}\nfields:\n{body}{facts}"


def _pipeline(key: str, label: str) -> str:
    return f"""\
apiVersion: revops.dev/v1
kind: Pipeline
key: {key}
label: {label}
object: deal
stages:
  - {{key: won, label: Won, probability: 100, forecast_category: closed, outcome: won}}
  - {{key: lost, label: Lost, probability: 0, forecast_category: omitted, outcome: lost}}
"""


FACT = """\
facts:
  - {key: engaged, label: Engaged, related: contact}
"""


def test_fields_and_facts_are_found_in_any_standard_of_the_object_first_one_winning() -> None:
    defs = _defs(
        _standard("company", "a", "b"),
        _standard("deal", "a"),
        _standard("company", "c", "b", facts=FACT),
    )
    first, _, third = defs.field_standards
    assert defs.field_of("company", "c") is third.fields[0]
    assert defs.field_of("company", "b") is first.fields[1]  # duplicate: the first, as before
    assert defs.field_of("deal", "a") is defs.field_standards[1].fields[0]
    assert defs.field_of("company", "zzz") is None and defs.field_of("ticket", "a") is None
    assert defs.fact_of("company", "engaged") is third.facts[0]
    assert defs.fact_of("deal", "engaged") is None
    assert defs.field("field/company/c") is third.fields[0]
    assert defs.field("b", "company") is first.fields[1]
    assert refs.resolve(defs, refs.Ref("fact", "company", "engaged")) is third.facts[0]
    assert defs.field_standards_of("company") == (first, third)
    assert defs.field_standards_of("ticket") == ()
    assert defs.field_standard("company") is first


def test_pipelines_by_key_first_one_winning_and_documents_by_identity() -> None:
    defs = _defs(
        _pipeline("sales", "First"), _pipeline("renewal", "R"), _pipeline("sales", "Second")
    )
    sales = defs.pipeline("sales")
    assert sales is not None and sales.label == "First"
    assert defs.pipeline("nope") is None and defs.lifecycle("nope") is None
    for document in defs.documents:
        assert defs.document_of(document.model) is document
    twin = defs.documents[0].model.model_copy()
    assert twin == defs.documents[0].model and defs.document_of(twin) is None
