"""The topic catalogue (data/knowledge/topics.yml) and how a message picks a topic.

`resolve` is the single place that turns an intent, its entities and the
conversation so far into the topic to answer; the answering action and the
evaluation script both use it, so what is measured is what the bot does.
"""

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import yaml

TOPICS_PATH = Path(__file__).resolve().parent.parent / "data" / "knowledge" / "topics.yml"

FOLLOW_UP_INTENT = "follow_up"
TELL_ME_MORE_INTENT = "tell_me_more"
STYLE_ENTITY = "attachment_style"
ASPECT_ENTITY = "aspect"
OVERVIEW = "overview"


@dataclass(frozen=True)
class Topic:
    intent: str
    node: str
    parts: Tuple[str, ...]
    label: str
    related: Tuple[str, ...]
    style: Optional[str] = None
    aspect: Optional[str] = None


@dataclass(frozen=True)
class Context:
    """What the conversation was last about (from slots)."""

    topic: Optional[str] = None
    style: Optional[str] = None
    aspect: Optional[str] = None
    shown: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Resolution:
    """Either a topic to answer, or the aspect for which the person must pick a style."""

    topic: Optional[Topic] = None
    needs_style_for: Optional[str] = None
    exhausted: bool = False


@dataclass
class Catalog:
    topics: Dict[str, Topic]
    by_style_aspect: Dict[Tuple[str, str], Topic] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for topic in self.topics.values():
            if topic.style:
                self.by_style_aspect[(topic.style, topic.aspect)] = topic

    def __contains__(self, intent: str) -> bool:
        return intent in self.topics

    def __getitem__(self, intent: str) -> Topic:
        return self.topics[intent]

    @property
    def styles(self) -> List[str]:
        return list(dict.fromkeys(style for style, _ in self.by_style_aspect))

    @property
    def aspects(self) -> List[str]:
        return list(dict.fromkeys(aspect for _, aspect in self.by_style_aspect))

    def style_topic(self, style: str, aspect: Optional[str]) -> Topic:
        return self.by_style_aspect[(style, aspect or OVERVIEW)]

    def next_topic(self, current: Optional[str], shown: Iterable[str]) -> Optional[Topic]:
        """The first topic not yet shown: the current topic's related ones, then article order after it."""
        seen = set(shown)
        order = list(self.topics)
        start = order.index(current) + 1 if current in self.topics else 0
        candidates = list(self.topics[current].related) if current in self.topics else []
        candidates += order[start:] + order[:start]
        for intent in candidates:
            if intent not in seen and intent != current:
                return self.topics[intent]
        return None

    def resolve(self, intent: str, entities: Sequence[Dict], context: Context) -> Resolution:
        style = _single_value(entities, STYLE_ENTITY, self.styles)
        aspect = _single_value(entities, ASPECT_ENTITY, self.aspects)

        if intent == TELL_ME_MORE_INTENT:
            following = self.next_topic(context.topic, context.shown)
            return Resolution(topic=following, exhausted=following is None)

        if intent == FOLLOW_UP_INTENT:
            style = style or context.style
            aspect = aspect or context.aspect
            if style is None:
                return Resolution(needs_style_for=aspect or OVERVIEW)
            return Resolution(topic=self.style_topic(style, aspect))

        topic = self.topics[intent]
        if topic.style is None:
            return Resolution(topic=topic)
        # Words such as "as a kid" or "in adults" say the aspect more surely than the classifier.
        return Resolution(topic=self.style_topic(style or topic.style, aspect or topic.aspect))


def _single_value(entities: Sequence[Dict], name: str, known: Sequence[str]) -> Optional[str]:
    """The entity's value when the message names exactly one known value; None when none or several.
    An extractor other than ours (or a future one) may return words that are no style or aspect."""
    values = {entity.get("value") for entity in entities if entity.get("entity") == name}
    values &= set(known)
    return values.pop() if len(values) == 1 else None


@lru_cache(maxsize=None)
def load_catalog(path: Path = TOPICS_PATH) -> Catalog:
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)["topics"]
    topics = {
        intent: Topic(
            intent=intent,
            node=spec["node"],
            parts=tuple(spec["parts"]),
            label=spec["label"],
            related=tuple(spec["related"]),
            style=spec.get("style"),
            aspect=spec.get("aspect"),
        )
        for intent, spec in raw.items()
    }
    return Catalog(topics)
