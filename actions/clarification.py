"""When NLU is unsure, ask which of the likeliest topics was meant."""

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import topic_button
from actions.disclaimer import disclaim_once
from actions.topics import Catalog, Context, load_catalog

MAX_CHOICES = 3
# A candidate is offered only if it is at least this share as likely as the best one.
RELATIVE_CONFIDENCE = 0.25
OUT_OF_SCOPE_INTENT = "out_of_scope"
FALLBACK_INTENT = "nlu_fallback"


def likeliest_topics(ranking: List[Dict[str, Any]], entities: List[Dict], catalog: Catalog) -> List:
    """Two or three distinct topics, most likely first, from the classifier's ranking."""
    candidates = [entry for entry in ranking if entry.get("name") in catalog]
    if not candidates:
        return []
    best = candidates[0].get("confidence") or 0.0
    chosen = []
    for entry in candidates:
        if len(chosen) >= 2 and (entry.get("confidence") or 0.0) < best * RELATIVE_CONFIDENCE:
            break
        topic = catalog.resolve(entry["name"], entities, Context()).topic
        if topic not in chosen:
            chosen.append(topic)
        if len(chosen) == MAX_CHOICES:
            break
    return chosen


class ActionClarify(Action):
    """Offer the likeliest topics as buttons, or redirect kindly when it looks off-topic."""

    def name(self) -> str:
        return "action_clarify"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[EventType]:
        message = tracker.latest_message
        ranking = [entry for entry in message.get("intent_ranking") or [] if entry.get("name") != FALLBACK_INTENT]
        if ranking and ranking[0].get("name") == OUT_OF_SCOPE_INTENT:
            dispatcher.utter_message(response="utter_out_of_scope")
            return []
        disclaim_once(dispatcher, tracker)
        topics = likeliest_topics(ranking, message.get("entities") or [], load_catalog())
        if not topics:
            dispatcher.utter_message(response="utter_default")
            return []
        dispatcher.utter_message(response="utter_ask_which_topic", buttons=[topic_button(topic) for topic in topics])
        return []
