import pytest
import yaml

from actions.topics import Context, load_catalog
from bot.knowledge import load_knowledge
from tests.conftest import entity

KNOWN_PARTS = {
    "intro",
    "lists",
    "list1",
    "list2",
    "closing",
    "subsection_titles",
    "article_intro",
    "conclusion",
    "references",
}
STYLES = ["secure", "anxious", "avoidant", "disorganized"]
ASPECTS = ["overview", "causes", "signs", "mental_health"]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_every_subsection_of_the_article_has_a_topic(catalog):
    knowledge = load_knowledge()
    covered = {topic.node for topic in catalog.topics.values()}
    for section in knowledge.data["sections"]:
        assert section["id"] in covered
        for subsection in section["subsections"]:
            assert subsection["id"] in covered, subsection["title"]


def test_topics_name_real_nodes_parts_and_related_topics(catalog):
    knowledge = load_knowledge()
    for topic in catalog.topics.values():
        if topic.node != "article":
            knowledge.node(topic.node)
        assert set(topic.parts) <= KNOWN_PARTS, topic.intent
        assert 2 <= len(topic.related) <= 3, topic.intent
        assert all(intent in catalog for intent in topic.related), topic.intent
        assert topic.intent not in topic.related


def test_every_style_has_every_aspect(catalog):
    assert catalog.styles == STYLES
    for style in STYLES:
        for aspect in ASPECTS:
            assert catalog.style_topic(style, aspect).intent == f"ask_{style}_{aspect}"


def test_a_topic_intent_answers_its_own_topic(catalog):
    assert catalog.resolve("ask_friendships", [], Context()).topic.intent == "ask_friendships"


def test_a_style_named_in_the_message_beats_a_misread_intent(catalog):
    resolution = catalog.resolve("ask_anxious_causes", [entity("attachment_style", "avoidant")], Context())
    assert resolution.topic.intent == "ask_avoidant_causes"


def test_two_styles_in_one_message_leave_the_intent_in_charge(catalog):
    entities = [entity("attachment_style", "anxious"), entity("attachment_style", "avoidant")]
    assert catalog.resolve("ask_anxious_signs", entities, Context()).topic.intent == "ask_anxious_signs"


def test_an_aspect_named_in_the_message_beats_the_intents_aspect(catalog):
    resolution = catalog.resolve("ask_avoidant_overview", [entity("aspect", "signs")], Context())
    assert resolution.topic.intent == "ask_avoidant_signs"
    resolution = catalog.resolve("ask_avoidant_signs", [entity("aspect", "causes")], Context())
    assert resolution.topic.intent == "ask_avoidant_causes"


def test_two_aspects_in_one_message_leave_the_intent_in_charge(catalog):
    entities = [entity("aspect", "causes"), entity("aspect", "mental_health")]
    assert catalog.resolve("ask_anxious_mental_health", entities, Context()).topic.intent == "ask_anxious_mental_health"


def test_follow_up_with_an_aspect_keeps_the_style(catalog):
    context = Context(topic="ask_avoidant_causes", style="avoidant", aspect="causes")
    resolution = catalog.resolve("follow_up", [entity("aspect", "signs")], context)
    assert resolution.topic.intent == "ask_avoidant_signs"


def test_follow_up_with_a_style_keeps_the_aspect(catalog):
    context = Context(topic="ask_avoidant_causes", style="avoidant", aspect="causes")
    resolution = catalog.resolve("follow_up", [entity("attachment_style", "anxious")], context)
    assert resolution.topic.intent == "ask_anxious_causes"


def test_follow_up_with_a_style_after_another_topic_gives_the_overview(catalog):
    resolution = catalog.resolve("follow_up", [entity("attachment_style", "secure")], Context(topic="ask_friendships"))
    assert resolution.topic.intent == "ask_secure_overview"


def test_follow_up_with_only_an_aspect_and_no_style_asks_for_the_style(catalog):
    resolution = catalog.resolve("follow_up", [entity("aspect", "signs")], Context(topic="ask_friendships"))
    assert resolution.topic is None
    assert resolution.needs_style_for == "signs"


def test_tell_me_more_walks_related_topics_then_the_article_without_repeating(catalog):
    shown = ["ask_avoidant_causes"]
    current = "ask_avoidant_causes"
    for _ in range(len(catalog.topics) - 1):
        following = catalog.resolve("tell_me_more", [], Context(topic=current, shown=tuple(shown))).topic
        assert following.intent not in shown
        shown.append(following.intent)
        current = following.intent
    assert shown[1:3] == ["ask_avoidant_signs", "ask_avoidant_mental_health"]
    assert sorted(shown) == sorted(catalog.topics)
    assert catalog.resolve("tell_me_more", [], Context(topic=current, shown=tuple(shown))).exhausted


def test_topics_file_keys_are_the_domain_intents():
    with open("domain.yml", encoding="utf-8") as handle:
        domain_intents = set(yaml.safe_load(handle)["intents"])
    assert set(load_catalog().topics) <= domain_intents


def test_entity_values_that_are_no_style_or_aspect_are_ignored(catalog):
    """Another extractor (Rasa's default DIET did) may return words such as "attached" as a style."""
    entities = [entity("attachment_style", "attached"), entity("aspect", "hobbies")]
    resolved = catalog.resolve("ask_secure_mental_health", entities, Context())
    assert resolved.topic.intent == "ask_secure_mental_health"
