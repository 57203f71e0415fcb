"""A note as an outline / mind map (MindMeister): its headings and bullets as a tree,
written as OPML 2.0 or a FreeMind ``.mm`` map, and OPML read back into a note.

Headings nest by level; bullets nest by indentation under the heading they follow;
paragraphs and fenced code are not part of the outline.  XML is written and read with
the standard library's ElementTree (escaping included); characters XML cannot hold at
all (C0 controls) become U+FFFD.  Files with a DOCTYPE that declares entities are
refused (no entity expansion from a file someone sent).
"""

from __future__ import annotations

import re
from typing import Any

from teamspace.errors import InvalidInput
from teamspace.store.core.record import Record

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
BULLET = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s+(.*?)\s*$")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class Node(Record):
    """One point of an outline and what hangs below it."""

    text: str
    children: list[Node] = []

    def count(self) -> int:
        """How many nodes are below this one."""
        return sum(1 + child.count() for child in self.children)


def tree(title: str, body: str) -> Node:
    """The outline of a note: the title at the root, headings and bullets below."""
    root = Node(title)
    headings: list[tuple[int, Node]] = [(0, root)]
    bullets: list[tuple[int, Node]] = []
    fenced = False
    for line in body.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced:
            continue
        heading = HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            while headings[-1][0] >= level:
                headings.pop()
            node = Node(heading.group(2))
            headings[-1][1].children.append(node)
            headings.append((level, node))
            bullets = []
            continue
        bullet = BULLET.match(line.replace("\t", "    "))
        if bullet and bullet.group(2):
            indent = len(bullet.group(1))
            while bullets and bullets[-1][0] >= indent:
                bullets.pop()
            parent = bullets[-1][1] if bullets else headings[-1][1]
            node = Node(bullet.group(2))
            parent.children.append(node)
            bullets.append((indent, node))
    return root


def lines(node: Node, depth: int = 0) -> list[tuple[int, str]]:
    """(depth, text) of every node below ``node``, in order (for printing)."""
    out: list[tuple[int, str]] = []
    for child in node.children:
        out.append((depth, child.text))
        out += lines(child, depth + 1)
    return out


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def to_opml(root: Node, *, created: str | None = None) -> str:
    """The outline as an OPML 2.0 document (the root's text is the head's title)."""
    from xml.etree import ElementTree as ET

    opml = ET.Element("opml", version="2.0")
    head = ET.SubElement(opml, "head")
    ET.SubElement(head, "title").text = _xml_text(root.text)
    if created:
        ET.SubElement(head, "dateCreated").text = created
    body = ET.SubElement(opml, "body")

    def add(parent: Any, node: Node) -> None:
        element = ET.SubElement(parent, "outline", text=_xml_text(node.text))
        for child in node.children:
            add(element, child)

    for child in root.children:
        add(body, child)
    ET.indent(opml)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(opml, "unicode") + "\n"


def to_freemind(root: Node) -> str:
    """The outline as a FreeMind map (``.mm``): the root in the middle, its children
    alternating right and left."""
    from xml.etree import ElementTree as ET

    document = ET.Element("map", version="1.0.1")
    counter = iter(range(1, 1_000_000))

    def add(parent: Any, node: Node, position: str | None) -> None:
        element = ET.SubElement(parent, "node", ID=f"ID_{next(counter)}",
                                TEXT=_xml_text(node.text))
        if position:
            element.set("POSITION", position)
        for child in node.children:
            add(element, child, None)

    top = ET.SubElement(document, "node", ID="ID_0", TEXT=_xml_text(root.text))
    for number, child in enumerate(root.children):
        add(top, child, "right" if number % 2 == 0 else "left")
    ET.indent(document)
    return ET.tostring(document, "unicode") + "\n"


def _parse_xml(data: bytes, what: str) -> Any:
    from xml.etree import ElementTree as ET

    if b"<!ENTITY" in data:
        raise InvalidInput(f"this {what} declares XML entities; refusing to expand them")
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise InvalidInput(f"this is not a readable {what}: {exc}") from None


def from_opml(data: bytes, fallback_title: str) -> tuple[str, str]:
    """(title, Markdown body) of an OPML outline: nested bullets, two spaces a level."""
    root = _parse_xml(data, "OPML file")
    if root.tag != "opml" or root.find("body") is None:
        raise InvalidInput("this is not an OPML file (no <opml><body>)")
    title = (root.findtext("head/title") or "").strip() or fallback_title
    out: list[str] = []

    def walk(element: Any, depth: int) -> None:
        for child in element.findall("outline"):
            text = child.get("text") or child.get("title") or ""
            text = " ".join(text.split())
            out.append("  " * depth + "- " + (text or "…"))
            walk(child, depth + 1)

    walk(root.find("body"), 0)
    return " ".join(title.split()), "\n".join(out) + ("\n" if out else "")
