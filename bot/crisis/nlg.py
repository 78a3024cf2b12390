"""Rasa's templated responses, with the support lines of the person's region filled in.

Configured in endpoints.yml (`nlg: type: bot.crisis.nlg.SupportLineGenerator`), so
crisis replies stay domain responses rendered by the Rasa server itself. Two things
are added to Rasa's own generator:

- every response may use {crisis_line}, {emergency_number}, {region_label},
  {domestic_violence_line}, {sexual_assault_line}, {child_abuse_line} and
  {region_prompt}, taken from data/crisis/resources.yml for the region the person
  stated (slot `region`), else the one their channel reported (slot
  `channel_region`), else the international default;
- a response with several wordings uses one not yet sent in this conversation
  while there is one, so a repeated crisis does not get the same text again.
"""

import copy
import random
from typing import Any, Dict, List, Optional

from rasa.core.nlg.generator import ResponseVariationFilter
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.crisis.resources import load_resources


class SupportLineGenerator(TemplatedNaturalLanguageGenerator):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, domain: Optional[Domain] = None) -> None:
        super().__init__(domain.responses if domain else {})
        self.resources = load_resources()

    async def generate(
        self,
        utter_action: str,
        tracker: DialogueStateTracker,
        output_channel: str,
        **kwargs: Any,
    ) -> Optional[Dict[str, Any]]:
        filled_slots = tracker.current_slot_values()
        region = filled_slots.get("region") or filled_slots.get("channel_region")
        variables = {**self.resources.template_variables(region), **kwargs}
        variations = ResponseVariationFilter(self.responses).responses_for_utter_action(
            utter_action, output_channel, filled_slots
        )
        if not variations:
            return None
        rendered = [self._fill_response(copy.deepcopy(v), filled_slots, **variables) for v in variations]
        return self._least_recently_sent(rendered, tracker)

    @staticmethod
    def _least_recently_sent(candidates: List[Dict[str, Any]], tracker: DialogueStateTracker) -> Dict[str, Any]:
        sent = [event.text for event in tracker.events if isinstance(event, BotUttered)]
        unsent = [c for c in candidates if c.get("text") not in sent]
        if unsent:
            return random.choice(unsent)
        return min(candidates, key=lambda c: max(i for i, text in enumerate(sent) if text == c.get("text")))
