"""Positions resolved lazily: a JSON pointer is walked through a record of the node tree.

The parser gives every node a start mark. Keeping the composed node tree for positions
cost about 20 bytes of memory per byte of YAML (a Python object with a `__dict__` per node
plus two marks), more than the data and the models together. So while the constructor
walks the tree it writes down, per node in document order, only what a lookup needs:
`FlatPositionIndex`, about 30 bytes per node in a few arrays, and the node tree is freed
with the file's parser. A pointer is resolved by walking those arrays from the root, with
exactly the node tree's rules (`NodePositionIndex`, which stays for documents with
anchors, where the "tree" may be a graph). `pointer_of` is the inverse, used on the error
path of the loader itself, while the nodes still exist.
"""

from __future__ import annotations

from array import array

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


class PositionRecorder:
    """Collects, node by node in document order (pre-order), what `FlatPositionIndex` reads.

    Node `i` is described by `starts[i]` (its line << 32 | column, 1-based), `key_starts[i]`
    (the same for the scalar key that names it in a mapping, 0 if none), `keys[i]` (that
    key's text, shared with the data's dict key; None if not in a mapping) and `ends[i]`
    (one past its last descendant: its children are `i + 1`, then `ends[i + 1]`, and so
    on). Entries under a non-scalar key are left out: no pointer can name them. The kind
    need not be stored: a node with children is a mapping when its first child has a key
    and a sequence otherwise, and a node without children has no child to find.
    """

    __slots__ = ("ends", "key_starts", "keys", "starts")

    def __init__(self) -> None:
        self.starts = array("Q")
        self.key_starts = array("Q")
        self.keys: list[str | None] = []
        self.ends = array("I")

    def open(self, node: Node, key_node: Node | None) -> int:
        """Record `node` (named by `key_node` in its mapping); `close` it after its children."""
        # Called once per node on the hot path, so it is kept to plain appends.
        index = len(self.keys)
        mark = node.start_mark
        self.starts.append((mark.line + 1) << 32 | (mark.column + 1))
        if key_node is None:
            self.key_starts.append(0)
            self.keys.append(None)
        else:
            mark = key_node.start_mark
            self.key_starts.append((mark.line + 1) << 32 | (mark.column + 1))
            self.keys.append(key_node.value)
        self.ends.append(index + 1)
        return index

    def scalar(self, node: Node, key_node: Node) -> None:
        """`open(node, key_node)` for a mapping's scalar value: the commonest node."""
        mark = node.start_mark
        self.starts.append((mark.line + 1) << 32 | (mark.column + 1))
        mark = key_node.start_mark
        self.key_starts.append((mark.line + 1) << 32 | (mark.column + 1))
        keys = self.keys
        keys.append(key_node.value)
        self.ends.append(len(keys))

    def close(self, index: int) -> None:
        self.ends[index] = len(self.keys)

    def subtree(self, node: Node, key_node: Node | None) -> None:
        """Record a whole subtree the constructor does not descend into (a refused value).

        Iterative: such a subtree may nest as deep as libyaml allows. Only called for
        documents without anchors, so the nodes form a tree.
        """
        stack: list[tuple[Node, Node | None, int]] = [(node, key_node, -1)]
        while stack:
            current, name, closing = stack.pop()
            if closing >= 0:
                self.close(closing)
                continue
            cls = current.__class__
            if cls is MappingNode:
                index = self.open(current, name)
                stack.append((current, None, index))
                for k, v in reversed(current.value):
                    if isinstance(k, ScalarNode):
                        stack.append((v, k, -1))
            elif cls is SequenceNode:
                index = self.open(current, name)
                stack.append((current, None, index))
                stack.extend((item, None, -1) for item in reversed(current.value))
            else:
                self.open(current, name)

    def index(self) -> FlatPositionIndex:
        return FlatPositionIndex(self)


class FlatPositionIndex:
    """`PositionIndex` over a `PositionRecorder`'s arrays; same answers as `NodePositionIndex`
    over the node tree it recorded."""

    __slots__ = ("_ends", "_items", "_key_starts", "_keys", "_starts", "flagged")

    def __init__(self, recorder: PositionRecorder) -> None:
        self._starts = recorder.starts
        self._key_starts = recorder.key_starts
        self._keys = recorder.keys
        self._ends = recorder.ends
        self._items: dict[int, array[int]] = {}
        """Child indexes of sequences looked up so far: compilers ask for `/fields/<i>` of
        every field, which must not walk the i siblings before it each time."""
        self.flagged: set[str] = set()
        """Pointers the loader already reported (its diagnostics take precedence there)."""

    def lookup(self, pointer: str, *, key: bool = False) -> tuple[int, int]:
        node = 0
        for part in split_pointer(pointer):
            child = self._child(node, part)
            if child < 0:
                # Unknown pointer: the nearest existing ancestor (the mapping that lacks it).
                return _unpacked(self._starts[node])
            node = child
        if key and self._key_starts[node]:
            return _unpacked(self._key_starts[node])
        return _unpacked(self._starts[node])

    def _child(self, node: int, part: str) -> int:
        ends, keys = self._ends, self._keys
        child, end = node + 1, ends[node]
        if child == end:  # a scalar, or an empty mapping or sequence: nothing to find
            return -1
        if keys[child] is not None:  # a mapping: the first entry with that key, as in nodes
            while child < end:
                if keys[child] == part:
                    return child
                child = ends[child]
            return -1
        if part.isdigit():
            items = self._items.get(node)
            if items is None:
                items = self._items[node] = self._children(node)
            index = int(part)
            if index < len(items):
                return items[index]
        return -1

    def _children(self, node: int) -> array[int]:
        ends = self._ends
        out = array("I")
        child, end = node + 1, ends[node]
        while child < end:
            out.append(child)
            child = ends[child]
        return out


def _unpacked(packed: int) -> tuple[int, int]:
    return packed >> 32, packed & 0xFFFFFFFF


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


__all__ = [
    "FlatPositionIndex",
    "NodePositionIndex",
    "PositionRecorder",
    "pointer_of",
    "split_pointer",
]
