"""Answer article topics, and the follow-ups that move between them."""

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import answer_text, related_buttons, topic_button
from actions.disclaimer import disclaim_once
from actions.topics import Context, load_catalog
from bot.knowledge import load_knowledge


def conversation_context(tracker: Tracker) -> Context:
    return Context(
        topic=tracker.get_slot("current_topic"),
        style=tracker.get_slot("current_style"),
        aspect=tracker.get_slot("current_aspect"),
        shown=tuple(tracker.get_slot("shown_topics") or ()),
    )


def sensitive_subject(message: Dict[str, Any]) -> bool:
    """The crisis classifier marks ordinary questions that touch suicide, self-harm or abuse."""
    return any(entity.get("entity") == "sensitive_subject" for entity in message.get("entities") or [])


class ActionAnswerTopic(Action):
    """Quote the article section the message asks about, with buttons to related ones."""

    def name(self) -> str:
        return "action_answer_topic"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[EventType]:
        catalog = load_catalog()
        message = tracker.latest_message
        context = conversation_context(tracker)
        resolution = catalog.resolve(message["intent"]["name"], message.get("entities") or [], context)
        disclaim_once(dispatcher, tracker)

        if resolution.needs_style_for:
            buttons = [topic_button(catalog.style_topic(style, resolution.needs_style_for)) for style in catalog.styles]
            dispatcher.utter_message(response="utter_ask_which_style", buttons=buttons)
            return []
        if resolution.exhausted:
            dispatcher.utter_message(response="utter_covered_everything")
            return []

        topic = resolution.topic
        dispatcher.utter_message(text=answer_text(topic, load_knowledge()), buttons=related_buttons(topic, catalog))
        if sensitive_subject(message):
            dispatcher.utter_message(response="utter_support_line")
        return [
            SlotSet("current_topic", topic.intent),
            SlotSet("current_style", topic.style),
            SlotSet("current_aspect", topic.aspect),
            SlotSet("shown_topics", list(dict.fromkeys([*context.shown, topic.intent]))),
        ]
