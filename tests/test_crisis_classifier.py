"""The Rasa component: crisis intents win, the classifier cannot raise one alone, entities for regions."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.crisis.classifier import CrisisClassifier


@pytest.fixture(scope="module")
def component():
    return CrisisClassifier()


def classified(text, ranking, metadata=None):
    """A message as the intent classifier leaves it: its ranking, best first."""
    message = Message(data={"text": text, "metadata": metadata})
    message.set("intent", dict(ranking[0]), add_to_output=True)
    message.set("intent_ranking", ranking, add_to_output=True)
    return message


def run(component, message):
    return component.process([message])[0]


def entities(message):
    return {e["entity"]: e["value"] for e in message.get("entities") or []}


def test_a_crisis_wins_over_a_confident_topic_with_a_clear_margin(component):
    message = run(component, classified("my wife hits me", [{"name": "ask_attachment_trauma", "confidence": 0.95}]))
    assert message.get("intent") == {"name": "crisis_domestic_violence", "confidence": 1.0}
    ranking = message.get("intent_ranking")
    assert ranking[0]["name"] == "crisis_domestic_violence" and ranking[1]["confidence"] <= 0.5


def test_the_classifier_cannot_raise_a_crisis_on_its_own(component):
    ranking = [
        {"name": "crisis_suicide", "confidence": 0.6},
        {"name": "ask_mental_health_pathways", "confidence": 0.3},
        {"name": "ask_summary", "confidence": 0.1},
    ]
    message = run(component, classified("is there a link between attachment and low mood", ranking))
    assert message.get("intent")["name"] == "ask_mental_health_pathways"
    assert message.get("intent")["confidence"] == pytest.approx(0.75)
    assert [r["name"] for r in message.get("intent_ranking")] == ["ask_mental_health_pathways", "ask_summary"]


def test_an_ordinary_message_keeps_the_classifier_result(component):
    ranking = [{"name": "ask_friendships", "confidence": 0.8}, {"name": "greet", "confidence": 0.2}]
    message = run(component, classified("how does attachment work in friendships", ranking))
    assert message.get("intent")["name"] == "ask_friendships"
    assert message.get("intent_ranking") == ranking


def test_the_stated_region_and_the_channel_region_become_entities(component):
    stated = run(component, classified("I'm in Ireland", [{"name": "greet", "confidence": 0.5}]))
    assert stated.get("intent")["name"] == "inform_region"
    assert entities(stated) == {"region": "ireland"}

    telegram = run(component, classified("hello", [{"name": "greet", "confidence": 0.9}], {"language_code": "en-AU"}))
    assert entities(telegram) == {"channel_region": "australia"}
    widget = run(component, classified("hello", [{"name": "greet", "confidence": 0.9}], {"locale": "en-GB"}))
    assert entities(widget) == {"channel_region": "uk"}
    explicit = run(component, classified("hello", [{"name": "greet", "confidence": 0.9}], {"region": "india"}))
    assert entities(explicit) == {"channel_region": "india"}
    vague = run(component, classified("hello", [{"name": "greet", "confidence": 0.9}], {"language_code": "en"}))
    assert entities(vague) == {}


def test_a_sensitive_question_keeps_its_topic_and_is_marked(component):
    ranking = [{"name": "ask_attachment_trauma", "confidence": 0.7}]
    message = run(component, classified("can abusive parenting shape how I attach as an adult?", ranking))
    assert message.get("intent")["name"] == "ask_attachment_trauma"
    assert entities(message) == {"sensitive_subject": "abuse"}


def test_a_confident_classifier_crisis_is_taken_as_a_backstop_but_never_for_an_idiom(component):
    unforeseen = [{"name": "crisis_suicide", "confidence": 0.8}, {"name": "greet", "confidence": 0.2}]
    assert run(component, classified("everything is grey and i am so far gone", unforeseen)).get("intent")["name"] == (
        "crisis_suicide"
    )
    unsure = [{"name": "crisis_suicide", "confidence": 0.5}, {"name": "greet", "confidence": 0.5}]
    assert run(component, classified("everything is grey", unsure)).get("intent")["name"] == "greet"
    idiom = [{"name": "crisis_domestic_violence", "confidence": 0.9}, {"name": "greet", "confidence": 0.1}]
    assert run(component, classified("my sister beat me at chess again", idiom)).get("intent")["name"] == "greet"
