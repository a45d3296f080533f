"""Find text meant for people that is not marked for translation.

Templates: text between tags, and the attributes people read (alt, title,
aria-label, placeholder, meta content), outside {% translate %},
{% blocktranslate %} and {% comment %}. Python: strings given as labels,
help texts, verbose names, choice labels, validation errors, admin
descriptions and messages, that are not wrapped in gettext.
"""

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

BASE_DIR = Path(__file__).resolve().parent.parent
APPS = ["forus", "campaign", "webinars", "champions"]

# Text that is the same in every language: names, addresses, symbols.
NOT_FOR_TRANSLATION = {
    "2175 K St NW",
    "Washington, DC 20037",
    "RSS",
}
WORD = re.compile(r"[^\W\d_]{2,}")
# Attributes people read or hear; `content` only on meta tags that describe the page.
READABLE_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "label"}
ENTITY = re.compile(r"&[#\w]+;")


@dataclass(frozen=True)
class Untranslated:
    where: str
    text: str

    def __str__(self) -> str:
        return f"{self.where}: {self.text!r}"


def _readable(text: str) -> str | None:
    text = " ".join(ENTITY.sub(" ", text.replace(PLACEHOLDER, " ")).split())
    if not text or text in NOT_FOR_TRANSLATION or not WORD.search(text):
        return None
    return text


PLACEHOLDER = "\x00"


def _skeleton(source: str) -> str:
    """The template with its tags and variables blanked and translated text removed."""
    parts = []
    skipping_until: str | None = None
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if skipping_until:
                if name == skipping_until:
                    skipping_until = None
            elif name in {"blocktranslate", "blocktrans", "comment", "verbatim"}:
                skipping_until = "end" + name
            elif token.contents.split()[:2] == ["block", "bodyclass"]:
                skipping_until = "endblock"  # admin's CSS class names, not text
            parts.append(PLACEHOLDER)
        elif token.token_type == TokenType.TEXT and not skipping_until:
            parts.append(token.contents)
        elif token.token_type == TokenType.VAR and not skipping_until:
            # A tag name chosen by a variable (<{{ tag }} ...>) is still a tag.
            parts.append("x" if parts and parts[-1].endswith(("<", "</")) else PLACEHOLDER)
    return "".join(parts)


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.texts: list[str] = []
        self._raw_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._raw_depth += 1
        for name, value in attrs:
            if name in READABLE_ATTRIBUTES and value:
                self.texts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self._raw_depth:
            self._raw_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self._raw_depth:
            self.texts.append(data)


def _template_text(template: Path) -> Iterator[Untranslated]:
    where = str(template.relative_to(BASE_DIR))
    if template.name == "robots.txt":
        return
    skeleton = _skeleton(template.read_text())
    if template.suffix == ".txt":
        texts = [skeleton]
    else:
        collector = _TextCollector()
        collector.feed(skeleton)
        collector.close()
        texts = collector.texts
    for text in texts:
        if readable := _readable(text):
            yield Untranslated(where, readable)


def untranslated_template_text() -> list[Untranslated]:
    found = []
    for template in sorted((BASE_DIR / "templates").rglob("*")):
        if template.suffix in {".html", ".txt"}:
            found.extend(_template_text(template))
    return found


TEXT_KEYWORDS = {
    "verbose_name",
    "verbose_name_plural",
    "label",
    "help_text",
    "description",
    "empty_label",
    "title",
    "short_description",
    "empty_value_display",
}
TRANSLATORS = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext_lazy"}
MESSAGE_FUNCTIONS = {"debug", "info", "success", "warning", "error", "message_user"}


def _is_text(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and bool(WORD.search(node.value))
    )


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(BASE_DIR)}:{node.lineno}"


class _Finder(ast.NodeVisitor):
    def __init__(self, path: Path) -> None:
        self.path = path
        self.found: list[Untranslated] = []

    def _report(self, node: ast.AST) -> None:
        self.found.append(Untranslated(_where(self.path, node), node.value))

    def visit_Call(self, node: ast.Call) -> None:
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in TRANSLATORS:
            for keyword in node.keywords:
                if keyword.arg in TEXT_KEYWORDS and _is_text(keyword.value):
                    self._report(keyword.value)
                if keyword.arg == "error_messages" and isinstance(keyword.value, ast.Dict):
                    for value in keyword.value.values:
                        if _is_text(value):
                            self._report(value)
            owner = getattr(getattr(node.func, "value", None), "id", "")
            if name == "ValidationError":
                arguments = node.args[:1]
            elif name == "add_error":
                arguments = node.args[1:2]  # the first is the field's name
            elif name in MESSAGE_FUNCTIONS and owner not in {"logger", "logging"}:
                arguments = node.args
            else:
                arguments = []
            for argument in arguments:
                if _is_text(argument):
                    self._report(argument)
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        bases = {getattr(base, "attr", getattr(base, "id", "")) for base in node.bases}
        if bases & {"TextChoices", "IntegerChoices", "Choices"}:
            for statement in node.body:
                if (
                    isinstance(statement, ast.Assign)
                    and isinstance(statement.value, ast.Tuple)
                    and len(statement.value.elts) == 2
                    and _is_text(statement.value.elts[1])
                ):
                    self._report(statement.value.elts[1])
        self.generic_visit(node)


def untranslated_python_text() -> list[Untranslated]:
    found = []
    for app in APPS:
        for module in sorted((BASE_DIR / app).rglob("*.py")):
            if "migrations" in module.parts or "management" in module.parts:
                continue
            finder = _Finder(module)
            finder.visit(ast.parse(module.read_text()))
            found.extend(finder.found)
    return found
