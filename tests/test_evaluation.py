"""The held-out topic questions: kept apart from training, and answered from the right section."""

import asyncio
import glob
import re
import sys

import yaml

from tests.rasa_cli import ROOT, require_model

sys.path.insert(0, str(ROOT / "scripts"))
from evaluate import accuracy, evaluate, load_held_out  # noqa: E402


def training_examples():
    examples = set()
    for path in glob.glob(str(ROOT / "data" / "nlu" / "*.yml")):
        with open(path, encoding="utf-8") as handle:
            for item in yaml.safe_load(handle)["nlu"]:
                for line in item.get("examples", "").splitlines():
                    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line.strip()[2:])
                    examples.add(text.lower().strip(" ?!."))
    return examples


def test_there_are_at_least_200_held_out_questions_over_every_topic():
    from actions.topics import load_catalog

    questions = load_held_out()["questions"]
    assert sum(len(texts) for texts in questions.values()) >= 200
    assert set(questions) == set(load_catalog().topics)


def test_no_held_out_question_is_a_training_example():
    seen = training_examples()
    leaked = [q for texts in load_held_out()["questions"].values() for q in texts if q.lower().strip(" ?!.") in seen]
    assert leaked == []


def test_topic_questions_are_answered_from_the_right_section():
    held_out = load_held_out()
    outcomes = asyncio.run(evaluate(require_model(), held_out["questions"]))
    misses = [f"{o.text!r}: expected {o.expected}, answered {o.answered}" for o in outcomes if o.answered != o.expected]
    assert accuracy(outcomes) >= held_out["minimum_accuracy"], "\n".join(misses)
