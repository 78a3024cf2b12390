import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.clarification import ActionClarify, likeliest_topics
from actions.topics import load_catalog
from tests.conftest import entity, make_tracker


def ranking(*pairs):
    return [{"name": "nlu_fallback", "confidence": 0.1}] + [{"name": n, "confidence": c} for n, c in pairs]


def clarify(tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionClarify().run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def test_unsure_offers_the_two_or_three_likeliest_topics_as_buttons():
    tracker = make_tracker(
        "nlu_fallback",
        "heal my attachment with other people",
        ranking=ranking(
            ("ask_relational_healing", 0.09),
            ("ask_healing", 0.08),
            ("greet", 0.05),
            ("ask_earned_security", 0.04),
            ("ask_aging", 0.01),
        ),
    )
    [message], events = clarify(tracker)
    assert message["response"] == "utter_ask_which_topic"
    assert [b["payload"] for b in message["buttons"]] == [
        "/ask_relational_healing",
        "/ask_healing",
        "/ask_earned_security",
    ]
    assert events == []


def test_far_less_likely_topics_are_not_offered_beyond_two():
    topics = likeliest_topics(
        [
            {"name": "ask_friendships", "confidence": 0.09},
            {"name": "ask_aging", "confidence": 0.05},
            {"name": "ask_community", "confidence": 0.01},
        ],
        [],
        load_catalog(),
    )
    assert [t.intent for t in topics] == ["ask_friendships", "ask_aging"]


def test_a_style_in_the_message_points_the_choices_at_that_style():
    topics = likeliest_topics(
        [{"name": "ask_anxious_signs", "confidence": 0.09}, {"name": "ask_anxious_causes", "confidence": 0.08}],
        [entity("attachment_style", "avoidant")],
        load_catalog(),
    )
    assert [t.intent for t in topics] == ["ask_avoidant_signs", "ask_avoidant_causes"]


def test_unsure_but_most_likely_off_topic_gets_the_kind_redirect():
    tracker = make_tracker(
        "nlu_fallback", "best pizza in town", ranking=ranking(("out_of_scope", 0.09), ("ask_aging", 0.05))
    )
    [message], _ = clarify(tracker)
    assert message["response"] == "utter_out_of_scope"


def test_no_topic_at_all_gets_the_default_reply():
    tracker = make_tracker("nlu_fallback", "hmm", ranking=ranking(("greet", 0.09), ("thank", 0.05)))
    [message], _ = clarify(tracker)
    assert message["response"] == "utter_default"
