"""The knowledge file holds the article's content without loss or invention.

These checks read the article line by line on their own, without the parser,
so a parser bug cannot hide behind its own inverse.
"""

import re
from typing import Any, Iterator, List, Tuple

import pytest
import yaml

from bot.article import parse_article, slugify
from bot.knowledge import ARTICLE_PATH, KNOWLEDGE_PATH, dump_knowledge, load_knowledge

BULLET = "•"


@pytest.fixture(scope="module")
def article_text() -> str:
    return ARTICLE_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def knowledge() -> dict:
    with open(KNOWLEDGE_PATH, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def strings_in(value: Any, path: Tuple = ()) -> Iterator[Tuple[Tuple, str]]:
    """Every string in the knowledge structure, with the keys that lead to it."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(item, path + (key,))
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item, path)


def knowledge_lines(knowledge: dict) -> List[str]:
    """Paragraphs, leads and bullets as whole lines, the reference marker put back on its bullet."""
    lines = [text for path, text in strings_in(knowledge) if path[0] != "references" and path[-1] != "id"]
    for section in knowledge["sections"]:
        for subsection in section["subsections"]:
            for entry in subsection["lists"]:
                if "reference" in entry:
                    last = entry["bullets"][-1]
                    lines[lines.index(last)] = f"{last} [{entry['reference']}]"
    return lines


def test_knowledge_file_is_what_the_script_generates_from_the_article(article_text):
    assert KNOWLEDGE_PATH.read_text(encoding="utf-8") == dump_knowledge(parse_article(article_text))


def test_every_bullet_and_paragraph_of_the_article_is_in_the_knowledge_file_word_for_word(article_text, knowledge):
    held = set(knowledge_lines(knowledge))
    body = article_text.split("\nReferences\n")[0]
    missing = [
        line.strip().lstrip(BULLET).strip()
        for line in body.splitlines()
        if line.strip() and line.strip().lstrip(BULLET).strip() not in held
    ]
    assert missing == []


def test_every_reference_of_the_article_is_in_the_knowledge_file(article_text, knowledge):
    entries = re.findall(r"^\s+(\d+)\. (.+)$", article_text.split("\nReferences\n")[1], flags=re.M)
    assert len(entries) == 10
    held = {ref["number"]: f"{ref['source']}. “{ref['title']}.” {ref['url']}" for ref in knowledge["references"]}
    assert {int(number): text for number, text in entries} == held


def test_the_knowledge_file_holds_nothing_the_article_does_not(article_text, knowledge):
    article_line_set = {line.strip().lstrip(BULLET).strip() for line in article_text.splitlines() if line.strip()}
    invented = [line for line in knowledge_lines(knowledge) if line not in article_line_set]
    assert invented == []
    for path, text in strings_in(knowledge):
        if path[-1] == "id":
            continue  # ids are slugs of titles, checked below
        assert text in article_text, f"{'/'.join(map(str, path))}: {text!r} is not in the article"


def test_ids_are_the_slugs_of_their_titles(knowledge):
    for section in knowledge["sections"]:
        assert section["id"] == slugify(section["title"])
        for subsection in section["subsections"]:
            assert subsection["id"] == slugify(subsection["title"])


def test_a_reference_number_sits_on_the_list_whose_last_bullet_carries_it(article_text, knowledge):
    for section in knowledge["sections"]:
        for subsection in section["subsections"]:
            for entry in subsection["lists"]:
                if "reference" in entry:
                    assert f"{BULLET} {entry['bullets'][-1]} [{entry['reference']}]" in article_text


def test_lookup_finds_nodes_and_their_reference():
    knowledge = load_knowledge()
    anxious = knowledge.node("anxious_preoccupied_attachment")
    assert anxious["title"] == "Anxious/Preoccupied Attachment"
    assert knowledge.reference_of(anxious)["number"] == 4
    assert knowledge.reference_of(knowledge.node("self_perception_and_worth")) is None
    with pytest.raises(KeyError):
        knowledge.node("no_such_section")
