import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.answering import ActionAnswerTopic
from tests.conftest import entity, make_tracker


def run(tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionAnswerTopic().run(dispatcher, tracker, {}))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def slots_after(slot_events):
    return {
        "current_topic": slot_events["current_topic"],
        "current_style": slot_events["current_style"],
        "current_aspect": slot_events["current_aspect"],
        "shown_topics": slot_events["shown_topics"],
    }


def test_a_topic_question_gets_the_section_and_buttons():
    messages, slots = run(make_tracker("ask_avoidant_causes", "what causes avoidant attachment?"))
    [message] = messages
    assert message["text"].startswith("Avoidant/Dismissive Attachment")
    assert "• Praise for independence and self-sufficiency" in message["text"]
    assert [b["payload"] for b in message["buttons"]][0] == "/ask_avoidant_signs"
    assert slots == {
        "current_topic": "ask_avoidant_causes",
        "current_style": "avoidant",
        "current_aspect": "causes",
        "shown_topics": ["ask_avoidant_causes"],
    }


def test_and_in_adults_after_avoidant_causes_gives_avoidant_adult_signs():
    _, first = run(make_tracker("ask_avoidant_causes"))
    messages, _ = run(make_tracker("follow_up", "and in adults?", [entity("aspect", "signs")], slots_after(first)))
    assert "How avoidant attachment appears in adulthood:" in messages[0]["text"]


def test_what_about_anxious_keeps_the_aspect_and_changes_the_style():
    _, first = run(make_tracker("ask_avoidant_signs"))
    follow_up = make_tracker(
        "follow_up", "what about anxious?", [entity("attachment_style", "anxious")], slots_after(first)
    )
    messages, slots = run(follow_up)
    assert "How anxious attachment appears in adulthood:" in messages[0]["text"]
    assert slots["shown_topics"] == ["ask_avoidant_signs", "ask_anxious_signs"]


def test_tell_me_more_never_repeats_a_reply():
    _, slots = run(make_tracker("ask_secure_overview"))
    replies = []
    for _ in range(6):
        messages, slots = run(make_tracker("tell_me_more", "tell me more", slots=slots_after(slots)))
        replies.append(messages[0]["text"])
    assert len(set(replies)) == len(replies)
    assert replies[0].count("Childhood experiences that foster secure attachment:") == 1


def test_an_aspect_follow_up_without_a_style_asks_which_style():
    messages, slots = run(make_tracker("follow_up", "and in adults?", [entity("aspect", "signs")]))
    [message] = messages
    assert message["response"] == "utter_ask_which_style"
    assert [b["payload"] for b in message["buttons"]] == [
        "/ask_secure_signs",
        "/ask_anxious_signs",
        "/ask_avoidant_signs",
        "/ask_disorganized_signs",
    ]
    assert slots == {}


def test_when_everything_was_shown_tell_me_more_says_so():
    from actions.topics import load_catalog

    every_topic = list(load_catalog().topics)
    slots = {"current_topic": every_topic[-1], "shown_topics": every_topic}
    messages, events = run(make_tracker("tell_me_more", slots=slots))
    assert messages[0]["response"] == "utter_covered_everything"
    assert events == {}


def test_a_question_touching_abuse_gets_the_answer_and_a_support_line_beside_it():
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("ask_attachment_trauma", entities=[entity("sensitive_subject", "abuse")], events=[])
    asyncio.run(ActionAnswerTopic().run(dispatcher, tracker, {}))
    sent = [m.get("response") or m["text"].splitlines()[0] for m in dispatcher.messages]
    assert sent == ["utter_disclaimer", "Attachment Trauma", "utter_support_line"]
