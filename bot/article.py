"""Turn the article's plain text into the structured knowledge the bot answers from.

The article has a fixed shape: a breadcrumb, a title, intro paragraphs, then
sections (`## What Is Attachment?`) whose intro ends with a colon and is followed
by subsections.  A subsection has an intro ending with a colon, one or more
bullet lists (optionally each under a label ending with a colon, as in the
attachment-style subsections), and a closing paragraph.  A reference marker such
as `[4]` closes the last bullet of a list.  The text ends with a conclusion and a
numbered list of references.

Nothing is rewritten: every string in the result is a verbatim piece of the
article, so that `render_article` gives back the article's lines exactly.
"""

import re
from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, Optional

BULLET = "•"
REFERENCE_MARKER = re.compile(r"^(?P<text>.*?) \[(?P<number>\d+)\]$")
REFERENCE_ENTRY = re.compile(r"^(?P<number>\d+)\. (?P<source>.+?)\. “(?P<title>.+?)\.” (?P<url>https?://\S+)$")
REFERENCES_HEADING = "References"


class ArticleFormatError(ValueError):
    """The article text does not have the shape this parser knows."""


@dataclass
class Line:
    kind: str  # "heading", "lead" (ends with a colon), "paragraph", "bullet"
    text: str


def slugify(title: str) -> str:
    """`Anxious/Preoccupied Attachment` -> `anxious_preoccupied_attachment`."""
    return re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")


def _classify(raw: str) -> Line:
    text = raw.strip()
    if text.startswith(BULLET):
        return Line("bullet", text[len(BULLET) :].strip())
    if text.endswith(":"):
        return Line("lead", text)
    if text.endswith("."):
        return Line("paragraph", text)
    return Line("heading", text)


def _split_reference(bullet: str) -> "tuple[str, Optional[int]]":
    match = REFERENCE_MARKER.match(bullet)
    if not match:
        return bullet, None
    return match.group("text"), int(match.group("number"))


class _Cursor:
    def __init__(self, lines: List[Line]) -> None:
        self.lines = lines
        self.position = 0

    def peek(self, ahead: int = 0) -> Optional[Line]:
        index = self.position + ahead
        return self.lines[index] if index < len(self.lines) else None

    def take(self, kind: str) -> str:
        line = self.peek()
        if line is None or line.kind != kind:
            found = "end of text" if line is None else f"{line.kind} {line.text!r}"
            raise ArticleFormatError(f"expected a {kind}, found {found}")
        self.position += 1
        return line.text

    def at(self, kind: str) -> bool:
        line = self.peek()
        return line is not None and line.kind == kind


def _parse_list(cursor: _Cursor, label: Optional[str]) -> Dict[str, Any]:
    bullets: List[str] = []
    reference: Optional[int] = None
    while cursor.at("bullet"):
        text, marker = _split_reference(cursor.take("bullet"))
        if reference is not None:
            raise ArticleFormatError(f"a reference marker is not on the last bullet: {text!r}")
        bullets.append(text)
        reference = marker
    entry: Dict[str, Any] = {"label": label, "bullets": bullets}
    if reference is not None:
        entry["reference"] = reference
    return entry


def _parse_subsection(cursor: _Cursor) -> Dict[str, Any]:
    title = cursor.take("heading")
    intro = cursor.take("lead")
    lists = []
    while cursor.at("lead") or cursor.at("bullet"):
        label = cursor.take("lead") if cursor.at("lead") else None
        lists.append(_parse_list(cursor, label))
    if not lists:
        raise ArticleFormatError(f"subsection {title!r} has no bullets")
    closing = cursor.take("paragraph")
    return {"id": slugify(title), "title": title, "intro": intro, "lists": lists, "closing": closing}


def _is_section_start(cursor: _Cursor) -> bool:
    """A section heading's lead is followed by a subsection heading, not bullets."""
    following = cursor.peek(2)
    return (
        cursor.at("heading")
        and cursor.peek(1) is not None
        and cursor.peek(1).kind == "lead"
        and following is not None
        and following.kind == "heading"
    )


def _parse_section(cursor: _Cursor) -> Dict[str, Any]:
    title = cursor.take("heading")
    intro = cursor.take("lead")
    subsections = []
    while cursor.at("heading") and not _is_section_start(cursor):
        subsections.append(_parse_subsection(cursor))
    return {"id": slugify(title), "title": title, "intro": intro, "subsections": subsections}


def _parse_references(raw_lines: List[str]) -> List[Dict[str, Any]]:
    references = []
    for raw in raw_lines:
        match = REFERENCE_ENTRY.match(raw.strip())
        if not match:
            raise ArticleFormatError(f"unreadable reference: {raw.strip()!r}")
        references.append(
            {
                "number": int(match.group("number")),
                "source": match.group("source"),
                "title": match.group("title"),
                "url": match.group("url"),
            }
        )
    return references


def _content_lines(text: str) -> List[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def parse_article(text: str) -> Dict[str, Any]:
    """Parse the article's text into the knowledge structure (see module doc)."""
    raw = _content_lines(text)
    if REFERENCES_HEADING not in raw:
        raise ArticleFormatError("the article has no References heading")
    split = raw.index(REFERENCES_HEADING)
    breadcrumb, title, *body = raw[:split]
    cursor = _Cursor([_classify(line) for line in body])

    intro = []
    while cursor.at("paragraph"):
        intro.append(cursor.take("paragraph"))
    sections = []
    while _is_section_start(cursor):
        sections.append(_parse_section(cursor))
    conclusion = []
    while cursor.at("paragraph"):
        conclusion.append(cursor.take("paragraph"))
    if cursor.peek() is not None:
        line = cursor.peek()
        raise ArticleFormatError(f"unexpected {line.kind} {line.text!r}")

    return {
        "title": title,
        "breadcrumb": breadcrumb,
        "intro": intro,
        "sections": sections,
        "conclusion": conclusion,
        "references": _parse_references(raw[split + 1 :]),
    }


def _list_lines(entry: Dict[str, Any]) -> Iterator[str]:
    if entry["label"] is not None:
        yield entry["label"]
    bullets = list(entry["bullets"])
    if "reference" in entry:
        bullets[-1] = f"{bullets[-1]} [{entry['reference']}]"
    for bullet in bullets:
        yield f"{BULLET} {bullet}"


def render_article(knowledge: Dict[str, Any]) -> List[str]:
    """The article's non-blank lines, stripped, rebuilt from the knowledge structure."""
    lines = [knowledge["breadcrumb"], knowledge["title"], *knowledge["intro"]]
    for section in knowledge["sections"]:
        lines += [section["title"], section["intro"]]
        for subsection in section["subsections"]:
            lines += [subsection["title"], subsection["intro"]]
            for entry in subsection["lists"]:
                lines += list(_list_lines(entry))
            lines.append(subsection["closing"])
    lines += knowledge["conclusion"]
    lines.append(REFERENCES_HEADING)
    for ref in knowledge["references"]:
        lines.append(f"{ref['number']}. {ref['source']}. “{ref['title']}.” {ref['url']}")
    return lines


def article_lines(text: str) -> List[str]:
    """The article's non-blank lines, stripped: what `render_article` must give back."""
    return _content_lines(text)
