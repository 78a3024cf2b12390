"""Crisis replies as the Rasa server renders them: region lines, safe-messaging shape, no repeats."""

import asyncio
import re

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.crisis.nlg import SupportLineGenerator
from bot.crisis.resources import load_resources
from tests.rasa_cli import ROOT, endpoints_with_actions_port
from tests.test_crisis_detector import CATEGORY_EXAMPLES

CRISIS_RESPONSES = [f"utter_{intent}" for intent in CATEGORY_EXAMPLES]
SPECIALIST = {
    "utter_crisis_domestic_violence": "{domestic_violence_line}",
    "utter_crisis_sexual_assault": "{sexual_assault_line}",
    "utter_crisis_child_abuse": "{child_abuse_line}",
}


@pytest.fixture(scope="module")
def domain():
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture(scope="module")
def generator(domain):
    return SupportLineGenerator(domain=domain)


def tracker(domain, **slots):
    conversation = DialogueStateTracker("nlg-test", domain.slots)
    for name, value in slots.items():
        conversation.update(SlotSet(name, value))
    return conversation


def render(generator, conversation, response):
    return asyncio.run(generator.generate(response, conversation, "rest"))["text"]


@pytest.mark.parametrize("response", CRISIS_RESPONSES)
def test_each_crisis_response_follows_safe_messaging_in_every_wording(domain, response):
    variations = [v["text"] for v in domain.responses[response]]
    assert len(variations) >= 3
    for text in variations:
        assert "automated assistant" in text
        assert "safe" in text.lower() and "?" in text
        assert "{crisis_line}" in text and "{emergency_number}" in text
        if response in SPECIALIST:
            assert SPECIALIST[response] in text
        assert len(re.findall(r"\{\w+_line\}|\{emergency_number\}", text)) <= 3
        assert "keep talking" in text or "I'm here" in text or "I'm still here" in text


@pytest.mark.parametrize("region", sorted(load_resources().regions))
def test_every_reply_is_filled_for_every_region(domain, generator, region):
    lines = load_resources().template_variables(region)
    for response in [*CRISIS_RESPONSES, "utter_crisis_check_in", "utter_crisis_resources", "utter_region_noted"]:
        text = render(generator, tracker(domain, region=region), response)
        assert "{" not in text and "}" not in text, (response, text)
        assert lines["crisis_line"] in text or response == "utter_crisis_danger" and lines["emergency_number"] in text


def test_the_stated_region_wins_over_the_channel_one(domain, generator):
    uk, australia = (load_resources().template_variables(r)["crisis_line"] for r in ("uk", "australia"))
    assert australia in render(generator, tracker(domain, channel_region="australia"), "utter_crisis_resources")
    both = tracker(domain, region="uk", channel_region="australia")
    assert uk in render(generator, both, "utter_crisis_resources")
    unknown = render(generator, tracker(domain), "utter_crisis_suicide")
    assert "findahelpline.com" in unknown and "which country you're in" in unknown


def test_a_repeated_crisis_does_not_get_the_same_wording_while_another_is_unused(domain, generator):
    conversation = tracker(domain, region="us")
    sent = []
    for _ in range(3):
        text = render(generator, conversation, "utter_crisis_suicide")
        conversation.update(BotUttered(text))
        sent.append(text)
    assert len(set(sent)) == 3
    fourth = render(generator, conversation, "utter_crisis_suicide")
    assert fourth == sent[0]


def test_responses_without_placeholders_are_unchanged(domain, generator):
    assert (
        render(generator, tracker(domain), "utter_ask_which_style")
        == domain.responses["utter_ask_which_style"][0]["text"]
    )


def test_the_endpoints_files_the_project_uses_keep_the_support_line_generator(tmp_path):
    nlg = "type: bot.crisis.nlg.SupportLineGenerator"
    assert nlg in (ROOT / "endpoints.yml").read_text()
    assert nlg in endpoints_with_actions_port(6123, tmp_path / "endpoints.yml").read_text()
