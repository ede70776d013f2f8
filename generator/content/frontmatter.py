"""Split a source file into YAML front matter and Markdown body, keeping positions.

YAML is composed to nodes first so that every value keeps the line and column
it came from; pydantic's error locations are later mapped back through
`YamlDocument.position_of`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from generator.diagnostics import Diagnostics, Position

KeyPath = tuple[str | int, ...]
FENCE = "---"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


@dataclass
class YamlDocument:
    """Plain Python values of a YAML document, with where each came from."""

    path: str
    data: Any
    value_positions: dict[KeyPath, Position] = field(default_factory=dict)
    key_positions: dict[KeyPath, Position] = field(default_factory=dict)
    text_starts: dict[KeyPath, Position] = field(default_factory=dict)
    """Where the text of a value begins, when not where the value does: past the opening quote,
    or, for a | or > block, on the line after the key, past the indentation."""
    unreadable_values: set[Position] = field(default_factory=set)
    """Where a value could not be read (already reported), so that validation does not report it again."""
    written: dict[KeyPath, str] = field(default_factory=dict)
    """The words of each unquoted value YAML read as something other than text (No as false,
    1.10 as 1.1, nothing as null), as the officer wrote them, for errors that quote them back."""

    def position_of(self, key_path: KeyPath, *, key: bool = False) -> Position:
        """The position of a value (or of its key), or of its nearest known parent."""
        table = self.key_positions if key else self.value_positions
        for end in range(len(key_path), -1, -1):
            prefix = key_path[:end]
            if prefix in table:
                return table[prefix]
            if prefix in self.value_positions:
                return self.value_positions[prefix]
        return Position(self.path)

    def text_start(self, key_path: KeyPath) -> Position:
        """Where the text of a string value begins in the file (its Markdown's line 1, column 1)."""
        return self.text_starts.get(key_path) or self.position_of(key_path)


@dataclass
class SourceFile:
    """A Markdown source: its front matter and its body, with the body's first line."""

    front: YamlDocument
    body: str
    body_line: int


def decode(path: str, raw: bytes, diagnostics: Diagnostics) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        diagnostics.error(
            Position(path, line, column),
            "encoding",
            f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x})",
            "save the file as UTF-8 in your editor",
        )
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(path: str, text: str, diagnostics: Diagnostics) -> SourceFile | None:
    """Separate `---` fenced YAML from the Markdown after it."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        diagnostics.error(
            Position(path, 1, 1),
            "front-matter-missing",
            "the file does not start with front matter",
            "start the file with a line '---', the YAML settings, then another '---'",
        )
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FENCE, "..."):
            yaml_text = "\n".join(lines[1:index])
            front = parse_yaml(path, yaml_text, diagnostics, first_line=2)
            if front is None:
                return None
            body = "\n".join(lines[index + 1 :])
            return SourceFile(front=front, body=body, body_line=index + 2)
    diagnostics.error(
        Position(path, 1, 1),
        "front-matter-unclosed",
        "the front matter is never closed",
        "add a line '---' after the last YAML setting",
    )
    return None


#: libyaml's parser when PyYAML was built with it (its wheels are): the same nodes and marks, several times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def front_matter_of(text: str) -> dict[str, Any] | None:
    """The front matter of a file's text as plain YAML values, for reading past versions of a file
    (git_history.py) where nothing is reported: None when it has none or it cannot be read."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FENCE, "..."):
            try:
                front = yaml.load("\n".join(lines[1:index]), Loader=SAFE_LOADER)
            except yaml.YAMLError:
                return None
            return front if isinstance(front, dict) else None
    return None


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=SAFE_LOADER)
    except UnicodeEncodeError:
        # libyaml takes UTF-8 only; text with lone surrogates goes to the Python parser, which reports it.
        return yaml.compose(text, Loader=yaml.SafeLoader)


def parse_yaml(path: str, text: str, diagnostics: Diagnostics, first_line: int = 1) -> YamlDocument | None:
    """Parse YAML keeping positions; syntax errors become diagnostics."""
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as error:
        mark, message, hint = _syntax_error(text, error)
        line = (mark.line if mark else 0) + first_line
        column = (mark.column if mark else 0) + 1
        diagnostics.error(Position(path, line, column), "yaml-syntax", f"YAML syntax error: {message}", hint)
        return None
    except yaml.YAMLError as error:
        diagnostics.error(
            Position(path, first_line, 1), "yaml-syntax", f"YAML error: {error}", "check that the file is YAML settings, 'key: value' lines"
        )
        return None
    document = YamlDocument(path=path, data=None)
    if node is None:
        document.data = {}
        document.value_positions[()] = Position(path, first_line, 1)
        return document
    converter = _Converter(document, diagnostics, first_line, text)
    document.data = converter.convert(node, ())
    return document


def _syntax_error(text: str, error: yaml.MarkedYAMLError) -> tuple[yaml.Mark | None, str, str]:
    """Where the mistake is, what it is and how to fix it.

    The parser's mark is where it gave up, which for a quote left open is the end of the
    file, or the line where a later quote happened to close it: the quote's opening is
    the place to point at.
    """
    if error.context == "while scanning a quoted scalar" and error.context_mark is not None:
        quote = "'" if _character_at(text, error.context_mark) == "'" else '"'
        return error.context_mark, f"the quote {quote} opened here is never closed", f"end the value with {quote} on this line"
    quoted = _quote_closed_late(text, error.problem_mark)
    if quoted is not None:
        quote = "'" if quoted.style == "'" else '"'
        return (
            quoted.start_mark,
            f"the quote {quote} opened here is closed only {quoted.end_mark.line - quoted.start_mark.line} line(s) below",
            f"end the value with {quote} on this line",
        )
    problem = error.problem or "invalid YAML"
    if error.context:
        problem = f"{problem} ({error.context})"
    return (
        error.problem_mark or error.context_mark,
        problem,
        "check indentation, and quote values that contain ':' or start with a special character",
    )


def _character_at(text: str, mark: yaml.Mark) -> str:
    """By line and column, which count characters in both parsers (libyaml's index may not)."""
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column] if mark.column < len(line) else ""


def _quote_closed_late(text: str, problem: yaml.Mark | None) -> yaml.ScalarToken | None:
    """A quoted value that runs on from an earlier line to the line of the error: a quote left open."""
    if problem is None:
        return None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.line > problem.line:
                return None
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ('"', "'")
                and token.start_mark.line < token.end_mark.line == problem.line
            ):
                return token
    except yaml.YAMLError:
        pass
    return None


class _Converter:
    """Turns YAML nodes into plain values, recording positions and refusing duplicate keys."""

    #: Aliases can multiply a small file into a huge one ("billion laughs"); stop long before.
    MAX_VALUES = 100_000

    def __init__(self, document: YamlDocument, diagnostics: Diagnostics, first_line: int, text: str):
        self.document = document
        self.lines = text.split("\n")
        self.diagnostics = diagnostics
        self.first_line = first_line
        self.scalars = SafeConstructor()
        self.open_nodes: set[int] = set()
        self.values = 0

    def position(self, node: yaml.Node) -> Position:
        mark = node.start_mark
        return Position(self.document.path, mark.line + self.first_line, mark.column + 1)

    def text_start(self, node: yaml.ScalarNode) -> Position:
        mark = node.start_mark
        if node.style in ('"', "'"):
            return Position(self.document.path, mark.line + self.first_line, mark.column + 2)
        # A block's text starts on the first line after the | or > with anything on it.
        for index in range(mark.line + 1, min(node.end_mark.line + 1, len(self.lines))):
            line = self.lines[index]
            if line.strip():
                return Position(self.document.path, index + self.first_line, len(line) - len(line.lstrip(" ")) + 1)
        return Position(self.document.path, mark.line + 1 + self.first_line, 1)

    def convert(self, node: yaml.Node, key_path: KeyPath) -> Any:
        self.document.value_positions[key_path] = self.position(node)
        if isinstance(node, yaml.ScalarNode) and node.style:
            self.document.text_starts[key_path] = self.text_start(node)
        self.values += 1
        if self.values == self.MAX_VALUES:
            self.diagnostics.error(
                self.position(node), "yaml-too-large", "the YAML expands to too many values (through aliases)",
                "write the values out instead of repeating them with & and * aliases",
            )
        if self.values >= self.MAX_VALUES:
            return None
        if id(node) in self.open_nodes:
            self.diagnostics.error(
                self.position(node), "yaml-alias", "an alias refers to the value that contains it",
                "remove the * alias that points back to its own & anchor",
            )
            return None
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            self.open_nodes.add(id(node))
            try:
                return self._convert_collection(node, key_path)
            finally:
                self.open_nodes.discard(id(node))
        value = self.scalar(node)
        if isinstance(node, yaml.ScalarNode) and not node.style and _number_unlike_its_writing(value, node.value):
            # YAML 1.1 reads 01603222700 as an octal number (235742656), 1.10 as 1.1 and 10:00
            # as 600: keep the words as the officer wrote them. A field that wants a number
            # still reads '010' as 10; a field that wants text gets the phone number as typed.
            return node.value
        if isinstance(node, yaml.ScalarNode) and not node.style and not isinstance(value, str):
            self.document.written[key_path] = node.value
        return value

    def _convert_collection(self, node: yaml.Node, key_path: KeyPath) -> Any:
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.scalar(key_node)
                if not isinstance(key, (str, int)) or isinstance(key, bool):
                    key = str(key)
                if key in result:
                    self.diagnostics.error(
                        self.position(key_node),
                        "duplicate-key",
                        f"the key '{key}' appears twice",
                        "remove one of them: YAML would silently keep only the last",
                    )
                child_path = key_path + (key,)
                self.document.key_positions[child_path] = self.position(key_node)
                result[key] = self.convert(value_node, child_path)
            return result
        return [self.convert(item, key_path + (index,)) for index, item in enumerate(node.value)]

    def scalar(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            self.diagnostics.error(
                self.position(node), "yaml-key", "a key must be plain text",
                "write the key as a word before the colon, such as 'title:'; put a list or settings after the colon",
            )
            return "?"
        try:
            return self.scalars.construct_object(node, deep=True)
        except (ConstructorError, ValueError) as error:
            if node.tag == TIMESTAMP_TAG:
                # 2017-02-30 looks like a date but is none. Kept as the text it is, a field that
                # wants a date reports it once (validation.py), and a field that wants text takes it.
                return node.value
            self.document.unreadable_values.add(self.position(node))
            self.diagnostics.error(
                self.position(node), "yaml-value", f"cannot read this value: {error}",
                "remove the tag (the word after ! or !!) before the value, or write the value in quotes",
            )
            return node.value


def _number_unlike_its_writing(value: Any, written: str) -> bool:
    """A number that YAML read as something other than its digits as written."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and str(value) != written
