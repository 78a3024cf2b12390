"""Evaluate the trained model on the held-out topic questions (tests/eval/topic_questions.yml).

A question counts as answered from the right section when NLU picks an intent
with confidence above the fallback threshold and `Catalog.resolve` (the same
code the answering action runs) turns it into the expected topic.

Usage: python scripts/evaluate.py [--model models/attachment-bot.tar.gz]
"""

import argparse
import asyncio
import logging
import os
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
warnings.filterwarnings("ignore")  # library deprecation noise would bury the figures

from actions.topics import Context, load_catalog  # noqa: E402

EVAL_PATH = ROOT / "tests" / "eval" / "topic_questions.yml"
DEFAULT_MODEL = ROOT / "models" / "attachment-bot.tar.gz"
FALLBACK_INTENT = "nlu_fallback"


@dataclass
class Outcome:
    text: str
    expected: str
    answered: str  # the topic answered, or the intent when it is not a topic


def load_held_out(path: Path = EVAL_PATH) -> Dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


async def evaluate(model_path: Path, questions: Dict[str, List[str]]) -> List[Outcome]:
    from rasa.core.agent import Agent
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)
    agent = Agent.load(str(model_path))
    catalog = load_catalog()
    outcomes = []
    for expected, texts in questions.items():
        for text in texts:
            parsed = await agent.parse_message(text)
            intent = parsed["intent"]["name"]
            answered = intent
            if intent == FALLBACK_INTENT:
                answered = f"{FALLBACK_INTENT} (best: {parsed['intent_ranking'][1]['name']})"
            if intent in catalog:
                answered = catalog.resolve(intent, parsed.get("entities") or [], Context()).topic.intent
            outcomes.append(Outcome(text, expected, answered))
    return outcomes


def accuracy(outcomes: List[Outcome]) -> float:
    return sum(o.answered == o.expected for o in outcomes) / len(outcomes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    args = parser.parse_args()

    held_out = load_held_out()
    outcomes = asyncio.run(evaluate(args.model, held_out["questions"]))
    misses = [o for o in outcomes if o.answered != o.expected]
    for miss in misses:
        print(f"MISS  {miss.text!r}\n      expected {miss.expected}, answered {miss.answered}")
    share = accuracy(outcomes)
    right = len(outcomes) - len(misses)
    print(f"\nTopic questions answered from the right section: {right}/{len(outcomes)} = {share:.1%}")
    print(f"Minimum required: {held_out['minimum_accuracy']:.0%}")
    return 0 if share >= held_out["minimum_accuracy"] else 1


if __name__ == "__main__":
    sys.exit(main())
