"""Compose a topic's answer: verbatim article text, laid out for a terminal or a chat bubble.

The answer leads with the section's title and point, then its bullets, then its
closing sentence and its reference.  Every line but the `Reference:` prefix is
quoted from the knowledge file.
"""

from typing import Any, Dict, List

from actions.topics import Catalog, Topic
from bot.article import BULLET
from bot.knowledge import Knowledge

ARTICLE_NODE = "article"


def _bullets(items: List[str]) -> str:
    return "\n".join(f"{BULLET} {item}" for item in items)


def _list_block(entry: Dict[str, Any]) -> str:
    label = f"{entry['label']}\n" if entry["label"] else ""
    return label + _bullets(entry["bullets"])


def _reference_entry(reference: Dict[str, Any]) -> str:
    """The entry exactly as the article's reference list prints it."""
    return f"{reference['number']}. {reference['source']}. “{reference['title']}.” {reference['url']}"


def _article_blocks(part: str, knowledge: Knowledge) -> List[str]:
    article = knowledge.data
    if part == "article_intro":
        return list(article["intro"])
    if part == "conclusion":
        return list(article["conclusion"])
    if part == "references":
        return ["\n".join(_reference_entry(ref) for ref in article["references"])]
    raise ValueError(f"unknown article part {part!r}")


def _node_blocks(part: str, node: Dict[str, Any]) -> List[str]:
    if part == "intro":
        return [node["intro"]]
    if part == "closing":
        return [node["closing"]]
    if part == "lists":
        return [_list_block(entry) for entry in node["lists"]]
    if part.startswith("list"):
        return [_list_block(node["lists"][int(part[len("list") :]) - 1])]
    if part == "subsection_titles":
        return [_bullets([sub["title"] for sub in node["subsections"]])]
    raise ValueError(f"unknown part {part!r}")


def answer_text(topic: Topic, knowledge: Knowledge) -> str:
    """The topic's answer as one message: title, point, bullets, closing, reference."""
    if topic.node == ARTICLE_NODE:
        title = "References" if topic.parts == ("references",) else knowledge.data["title"]
        blocks = [block for part in topic.parts for block in _article_blocks(part, knowledge)]
        return "\n\n".join([title, *blocks])

    node = knowledge.node(topic.node)
    blocks = [block for part in topic.parts for block in _node_blocks(part, node)]
    reference = knowledge.reference_of(node)
    if reference is not None:
        blocks.append(f"Reference: {_reference_entry(reference)}")
    return "\n\n".join([node["title"], *blocks])


def related_buttons(topic: Topic, catalog: Catalog) -> List[Dict[str, str]]:
    """Quick replies to the topic's related topics; the payload is the topic's intent."""
    return [topic_button(catalog[intent]) for intent in topic.related]


def topic_button(topic: Topic) -> Dict[str, str]:
    return {"title": topic.label, "payload": f"/{topic.intent}"}
