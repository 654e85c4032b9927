"""Positions resolved lazily: a JSON pointer is walked through the kept YAML node tree.

The parser records a start mark on every node anyway; keeping the node tree costs nothing on
the hot path, and a pointer is resolved (a walk from the root) only when a diagnostic needs
one. `pointer_of` is the inverse, used on the error path of the loader itself.
"""

from __future__ import annotations

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


def split_pointer(pointer: str) -> list[str]:
    """RFC 6901: `/a~1b/0` -> `["a/b", "0"]`."""
    if not pointer:
        return []
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer.split("/")[1:]]


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def _mark(node: Node) -> tuple[int, int]:
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


class NodePositionIndex:
    """`PositionIndex` over a composed YAML node tree (see `loader.document.PositionIndex`)."""

    __slots__ = ("flagged", "root")

    def __init__(self, root: Node) -> None:
        self.root = root
        self.flagged: set[str] = set()
        """Pointers the loader already reported (its diagnostics take precedence there)."""

    def lookup(self, pointer: str, *, key: bool = False) -> tuple[int, int]:
        node = self.root
        key_node: Node | None = None
        for part in split_pointer(pointer):
            child, child_key = _child(node, part)
            if child is None:
                # Unknown pointer: the nearest existing ancestor (the mapping that lacks it).
                return _mark(node)
            node, key_node = child, child_key
        if key and key_node is not None:
            return _mark(key_node)
        return _mark(node)


def _child(node: Node, part: str) -> tuple[Node | None, Node | None]:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == part:
                return value_node, key_node
        return None, None
    if isinstance(node, SequenceNode) and part.isdigit():
        index = int(part)
        if index < len(node.value):
            return node.value[index], None
    return None, None


def pointer_of(root: Node, target: Node, *, as_key: bool = False) -> str:
    """The JSON pointer of `target` under `root` ("" if not found); error path only.

    A key node's pointer is the pointer of the value it names (`as_key` matches key nodes).
    """
    stack: list[tuple[Node, str]] = [(root, "")]
    seen: set[int] = set()  # a recursive anchor (`&a [*a]`) makes the "tree" cyclic
    while stack:
        node, pointer = stack.pop()
        if node is target:
            return pointer
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                name = key_node.value if isinstance(key_node, ScalarNode) else "?"
                child_pointer = f"{pointer}/{_escape(str(name))}"
                if as_key and key_node is target:
                    return child_pointer
                stack.append((value_node, child_pointer))
        elif isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                stack.append((item, f"{pointer}/{index}"))
    return ""


__all__ = ["NodePositionIndex", "pointer_of", "split_pointer"]
