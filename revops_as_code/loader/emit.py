"""Plain data -> YAML text that the project's own loader reads back to the same values.

PyYAML's dumper decides quoting by YAML 1.1 rules, while `construct.py` reads YAML 1.2: a
string such as `1e3` is plain to PyYAML 1.1 (its floats need a dot) but a float to our
loader. So a string is written plain only when the loader's own `resolve_plain` gives the
same string back, and double-quoted otherwise; everything else about layout (block style,
escapes of non-printable characters, folding of long lines) is PyYAML's, which is a
well-kept emitter (proven by the property test in tests/loader/test_emit.py).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from revops_as_code.loader.construct import resolve_plain


class _Dumper(yaml.SafeDumper):
    """SafeDumper whose scalar styles follow the loader's YAML 1.2 rules."""

    def ignore_aliases(self, data: Any) -> bool:
        # The loader refuses aliases: a value used twice is written twice.
        return True


# Line breaks YAML folds or normalises inside plain and single-quoted scalars (NEL, CR, the
# Unicode line/paragraph separators): only double quotes keep them, as escapes.
_BREAKS = frozenset("\r\x85\u2028\u2029")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    plain_reads_back = value != "" and _reads_as_string(value)
    style = None if plain_reads_back and _BREAKS.isdisjoint(value) else '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _reads_as_string(value: str) -> bool:
    resolved = resolve_plain(value)
    return isinstance(resolved, str) and resolved == value


def _represent_float(dumper: yaml.SafeDumper, value: float) -> yaml.Node:
    if math.isnan(value):
        text = ".nan"
    elif math.isinf(value):
        text = ".inf" if value > 0 else "-.inf"
    else:
        text = repr(value)  # shortest text that reads back to the same float
        if "." not in text and "e" not in text and "E" not in text:
            text += ".0"
    return dumper.represent_scalar("tag:yaml.org,2002:float", text)


def _represent_mapping(dumper: yaml.SafeDumper, value: Mapping[Any, Any]) -> yaml.Node:
    # Keys in the caller's order: the importer puts `apiVersion` and `kind` first.
    return dumper.represent_mapping("tag:yaml.org,2002:map", list(value.items()))


def _represent_sequence(dumper: yaml.SafeDumper, value: Sequence[Any]) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", list(value))


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(float, _represent_float)
_Dumper.add_representer(dict, _represent_mapping)
_Dumper.add_representer(tuple, _represent_sequence)
_Dumper.add_representer(list, _represent_sequence)


def dump_yaml(data: Any) -> str:
    """One YAML document (block style, UTF-8 text kept readable) for `data`.

    `data` is JSON-like: dicts with string keys, lists/tuples, str, int, float, bool, None.
    Mapping keys are strings (the loader reads every key as a string) and are quoted by the
    same rule as values.
    """
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
    # An empty mapping/list at the top is written as `{}`/`[]` followed by "...": drop the
    # document-end marker (harmless, but noise in a definition file).
    return text[: -len("...\n")] if text.endswith("\n...\n") else text


__all__ = ["dump_yaml"]
