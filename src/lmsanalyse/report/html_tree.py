"""The report's HTML as a tree, for the PDF edition (:mod:`.typst_markup`).

The standard library's HTML parser builds the tree; every ``<svg>`` is cut out first (its
markup never passes through the parser) and stands as ``<svgref n="…">``, its source kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

_VOID = {"br", "col", "meta", "link", "img", "input", "hr", "source", "wbr"}
_SVG = re.compile(r"<svg\b.*?</svg>", re.S)


def ws(text: str) -> str:
    """HTML's white space collapsed (no-break spaces are kept: «18 %» stays on one line)."""
    return re.sub(r"[ \t\n\r\f]+", " ", text)


@dataclass
class Node:
    """An HTML element: tag, attributes and children (elements and text)."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def elements(self, *tags: str) -> list[Node]:
        """The child elements with one of ``tags`` (all child elements when none is given)."""
        return [c for c in self.children if isinstance(c, Node) and (not tags or c.tag in tags)]

    def descendants(self, tag: str) -> list[Node]:
        """Every element below with ``tag``, in document order."""
        found = []
        for c in self.elements():
            if c.tag == tag:
                found.append(c)
            found.extend(c.descendants(tag))
        return found

    def first(self, tag: str) -> Node | None:
        found = self.descendants(tag)
        return found[0] if found else None

    def unbroken(self) -> Node:
        """This element with its text's spaces made no-break spaces."""
        return Node(
            self.tag,
            self.attrs,
            [
                c.replace(" ", "\u00a0") if isinstance(c, str) else c.unbroken()
                for c in self.children
            ],
        )


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html: str) -> tuple[Node, list[str]]:
    """The HTML as a tree; each ``<svg>`` is cut out (its source kept by number) and stands
    as ``<svgref n="…">``."""
    svgs: list[str] = []

    def keep(match: re.Match) -> str:
        svgs.append(match.group(0))
        return f'<svgref n="{len(svgs) - 1}"></svgref>'

    builder = _TreeBuilder()
    builder.feed(_SVG.sub(keep, html))
    builder.close()
    return builder.root, svgs


def svg_title(svg: str) -> str:
    """An SVG's own ``<title>`` (its alternative text), whitespace collapsed."""
    found = re.search(r"<title>(.*?)</title>", svg, re.S)
    return ws(unescape(found.group(1))).strip() if found else ""
