"""Safe YAML loading that remembers where every value came from.

Rule files are written by hand, so a mistake must be reported as ``file:line``; pydantic only
knows a location such as ``("facts", 2, "tolerance")``.  We therefore compose the document
into nodes ourselves and build plain data while recording the line of every mapping key and
sequence item under its path.

Rule files may also come from untrusted places (a pull request), so loading must be safe:
no Python objects are ever constructed (only the plain YAML tags are accepted), duplicate
keys are refused instead of silently overwriting, and alias expansion is bounded so that a
"billion laughs" document fails fast instead of exhausting memory.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Path_ = tuple[str | int, ...]
"""A location inside a document: mapping keys and sequence indices from the root."""

MAX_NODES = 100_000
"""Values materialised per file; far above any real rule file, far below an alias bomb."""

MAX_ALIAS_DEPTH = 8
"""Aliases expanded inside aliases; real files reuse a block once or twice, bombs nest deep."""

MAX_NESTING = 64
"""Collections inside collections; rule files are a few levels deep."""

_YAML_TAG = "tag:yaml.org,2002:"
_MERGE_TAG = _YAML_TAG + "merge"


class YamlError(Exception):
    """A YAML problem at a known place in a file (``line`` is 1-based, None when unknown)."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")
        self.path = path
        self.line = line
        self.message = message


@dataclass(frozen=True)
class LocatedData:
    """Plain data from a YAML document plus the 1-based line of every key and item."""

    data: Any
    lines: Mapping[Path_, int]

    def line_of(self, path: Path_) -> int | None:
        """The line of `path`, or of its closest recorded ancestor (a missing key's parent)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None


class _AliasNode(Node):
    """Stands where an alias (``*name``) was used, so expansion can be counted and bounded."""

    id = "alias"

    def __init__(self, target: Node, mark: yaml.Mark) -> None:
        super().__init__(target.tag, target, mark, mark)
        self.target = target


class _Loader(yaml.SafeLoader):
    """SafeLoader whose composer keeps aliases visible instead of sharing the target node."""

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            target = super().compose_node(parent, index)
            assert target is not None  # an alias always resolves to a node or raises
            return _AliasNode(target, mark)
        return super().compose_node(parent, index)


_ScalarMaker = Callable[[SafeConstructor, ScalarNode], Any]

_SCALARS: dict[str, _ScalarMaker] = {
    _YAML_TAG + "str": SafeConstructor.construct_yaml_str,
    _YAML_TAG + "value": SafeConstructor.construct_yaml_str,  # a bare "=" is just text
    _YAML_TAG + "int": SafeConstructor.construct_yaml_int,
    _YAML_TAG + "float": SafeConstructor.construct_yaml_float,
    _YAML_TAG + "bool": SafeConstructor.construct_yaml_bool,
    _YAML_TAG + "null": SafeConstructor.construct_yaml_null,
    _YAML_TAG + "timestamp": SafeConstructor.construct_yaml_timestamp,
}


def load_yaml(text: str, path: str) -> LocatedData:
    """Parse one YAML document into plain data with lines; raise `YamlError` on any problem.

    An empty document gives ``None`` as data.
    """
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:  # the reader checks characters up front
        raise _reader_error(exc, text, path) from None
    try:
        root = _compose(loader, path)
        if root is None:
            return LocatedData(None, {})
        builder = _Builder(loader, path)
        builder.lines[()] = root.start_mark.line + 1
        data = builder.build(root, (), 0)
        return LocatedData(data, builder.lines)
    finally:
        loader.dispose()


def _reader_error(exc: yaml.reader.ReaderError, text: str, path: str) -> YamlError:
    line = text.count("\n", 0, exc.position) + 1
    char = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or "\0")
    return YamlError(path, line, f"YAML syntax error: character U+{char:04X} is not allowed")


def _compose(loader: _Loader, path: str) -> Node | None:
    """Compose the single document, turning every parser failure into a located error."""
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise YamlError(path, _mark_line(exc), _syntax_message(exc)) from None
    except RecursionError:
        raise YamlError(path, None, "YAML syntax error: collections nested too deeply") from None


def _mark_line(exc: yaml.MarkedYAMLError) -> int | None:
    mark = exc.problem_mark or exc.context_mark
    return None if mark is None else mark.line + 1


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    """One line: the problem, plus the context when it started on another line."""
    context, mark = exc.context, exc.context_mark
    if context and exc.problem and exc.problem.startswith("but "):  # "expected X", "but found Y"
        return f"YAML syntax error: {context}, {exc.problem}"
    message = f"YAML syntax error: {exc.problem or context}"
    if exc.problem and context and mark and exc.problem_mark and mark.line != exc.problem_mark.line:
        message += f" ({context} on line {mark.line + 1})"
    return message


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag


class _Builder:
    """Turns composed nodes into plain data, recording lines and enforcing the limits."""

    def __init__(self, loader: _Loader, path: str) -> None:
        self.loader = loader
        self.path = path
        self.lines: dict[Path_, int] = {}
        self.count = 0
        self.expanding: list[_AliasNode] = []  # aliases being expanded, outermost first

    def fail(self, node: Node, message: str) -> YamlError:
        return YamlError(self.path, node.start_mark.line + 1, message)

    def tick(self, node: Node, values: int = 1) -> None:
        """Count materialised values; stop an alias bomb before it eats memory and time.

        The error points at the outermost alias being expanded: that is what to fix.
        """
        self.count += values
        if self.count > MAX_NODES:
            culprit = self.expanding[0] if self.expanding else node
            raise self.fail(culprit, f"document expands to more than {MAX_NODES:,} values")

    def build(self, node: Node, at: Path_, depth: int) -> Any:
        self.tick(node)
        if depth > MAX_NESTING:
            raise self.fail(node, f"collections nested more than {MAX_NESTING} deep")
        if isinstance(node, _AliasNode):
            return self.expand(node, at, depth)
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode) and node.tag == _YAML_TAG + "seq":
            return self.sequence(node, at, depth)
        if isinstance(node, MappingNode) and node.tag == _YAML_TAG + "map":
            return self.mapping(node, at, depth)
        raise self.fail(node, f"tag '{_short_tag(node.tag)}' is not allowed (plain YAML only)")

    def expand(self, alias: _AliasNode, at: Path_, depth: int) -> Any:
        """Build an alias's target again, refusing cycles and deeply nested expansions."""
        if any(alias.target is outer.target for outer in self.expanding):
            raise self.fail(alias, "alias refers to itself")
        if len(self.expanding) >= MAX_ALIAS_DEPTH:  # point at the use that starts the chain
            message = f"aliases nested more than {MAX_ALIAS_DEPTH} deep"
            raise self.fail(self.expanding[0], message)
        self.expanding.append(alias)
        try:
            return self.build(alias.target, at, depth)
        finally:
            self.expanding.pop()

    def scalar(self, node: ScalarNode) -> Any:
        maker = _SCALARS.get(node.tag)
        if maker is None:
            raise self.fail(node, f"tag '{_short_tag(node.tag)}' is not allowed (plain YAML only)")
        try:
            return maker(self.loader, node)
        except (ValueError, OverflowError) as exc:  # e.g. 2022-02-30 matches the date syntax
            kind = "date" if node.tag.endswith("timestamp") else _short_tag(node.tag)[2:]
            raise self.fail(node, f"invalid {kind} '{node.value}': {exc}") from None

    def sequence(self, node: SequenceNode, at: Path_, depth: int) -> list[Any]:
        items = []
        for index, child in enumerate(node.value):
            self.lines[(*at, index)] = child.start_mark.line + 1
            items.append(self.build(child, (*at, index), depth + 1))
        return items

    def mapping(self, node: MappingNode, at: Path_, depth: int) -> dict[str, Any]:
        """Build a mapping; duplicate keys fail, explicit keys win over merged (``<<``) ones."""
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            key, line = self.key(key_node), key_node.start_mark.line + 1
            if key in first_line:
                raise self.fail(
                    key_node, f"duplicate key '{key}' (first on line {first_line[key]})"
                )
            first_line[key] = line
            self.lines[(*at, key)] = line
            result[key] = self.build(value_node, (*at, key), depth + 1)
        for key_node, value_node in self.merged_pairs(node, (node,)):
            key = self.key(key_node)
            if key not in result:
                self.lines[(*at, key)] = key_node.start_mark.line + 1
                result[key] = self.build(value_node, (*at, key), depth + 1)
        return result

    def key(self, node: Node) -> str:
        """Keys are always text: rule files have no other keys, and YAML 1.1 would read
        ``no:`` or ``on:`` as booleans."""
        target = node.target if isinstance(node, _AliasNode) else node
        if not isinstance(target, ScalarNode):
            raise self.fail(node, "a mapping key must be a plain value, not a list or mapping")
        if target.tag not in _SCALARS:
            raise self.fail(
                node, f"tag '{_short_tag(target.tag)}' is not allowed (plain YAML only)"
            )
        return str(target.value)

    def merged_pairs(self, node: MappingNode, chain: tuple[Node, ...]) -> list[tuple[Node, Node]]:
        """Pairs merged in by ``<<`` keys, highest precedence first, as the merge spec says.

        `chain` holds the mappings being merged into, to refuse a merge cycle.  Pairs are
        counted against the node limit: merges of merges can multiply too.
        """
        pairs: list[tuple[Node, Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag != _MERGE_TAG:
                continue
            for source in self.merge_sources(value_node):
                if any(source is seen for seen in chain):
                    raise self.fail(value_node, "'<<' merges a mapping into itself")
                if len(chain) > MAX_NESTING:
                    raise self.fail(value_node, f"merges nested more than {MAX_NESTING} deep")
                pairs.extend(pair for pair in source.value if pair[0].tag != _MERGE_TAG)
                pairs.extend(self.merged_pairs(source, (*chain, source)))
                self.tick(source, len(source.value))
        return pairs

    def merge_sources(self, node: Node) -> list[MappingNode]:
        """The mappings a ``<<:`` value names: one mapping or a list of them."""
        target = node.target if isinstance(node, _AliasNode) else node
        items = target.value if isinstance(target, SequenceNode) else [target]
        sources: list[MappingNode] = []
        for item in items:
            source = item.target if isinstance(item, _AliasNode) else item
            if not isinstance(source, MappingNode) or source.tag != _YAML_TAG + "map":
                raise self.fail(node, "'<<' must merge a mapping or a list of mappings")
            sources.append(source)
        return sources
