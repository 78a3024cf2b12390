"""The held-out crisis set: big enough, kept apart, and caught without false alarms."""

import asyncio
import sys

import pytest

from tests.rasa_cli import ROOT, require_model
from tests.test_crisis_detector import CATEGORY_EXAMPLES, NOT_CRISIS
from tests.test_evaluation import training_examples

sys.path.insert(0, str(ROOT / "scripts"))
from evaluate import evaluate_crisis  # noqa: E402
from evaluate_crisis import load_crisis_set  # noqa: E402


def normalised(text):
    return text.lower().strip(" ?!.")


@pytest.fixture(scope="module")
def crisis_set():
    return load_crisis_set()


def test_the_set_is_big_enough_and_covers_every_kind_of_crisis(crisis_set):
    assert sum(len(texts) for texts in crisis_set["crisis"].values()) >= 150
    assert sum(len(texts) for texts in crisis_set["not_crisis"].values()) >= 100
    assert set(crisis_set["crisis"]) == set(CATEGORY_EXAMPLES)
    assert {"idioms", "everyday", "sensitive_questions"} == set(crisis_set["not_crisis"])
    assert crisis_set["minimum_recall"] == 1.0 and crisis_set["maximum_false_alarms"] == 0


def test_no_evaluation_message_is_a_training_or_unit_test_example(crisis_set):
    seen = training_examples() | {normalised(t) for texts in CATEGORY_EXAMPLES.values() for t in texts}
    seen |= {normalised(t) for t in NOT_CRISIS}
    every = [t for group in ("crisis", "not_crisis") for texts in crisis_set[group].values() for t in texts]
    assert [t for t in every if normalised(t) in seen] == []
    assert len({normalised(t) for t in every}) == len(every)


def test_every_crisis_is_caught_and_nothing_else_first_and_mid_conversation(crisis_set):
    figures = asyncio.run(evaluate_crisis(require_model(), crisis_set))
    assert figures["passed"], "\n".join(figures["report"])
    assert figures["wrong_specialist"] == [], "\n".join(figures["report"])
