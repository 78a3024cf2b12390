"""Evaluate the trained model on the held-out sets in tests/eval/.

Topic questions (topic_questions.yml): a question counts as answered from the
right section when NLU picks an intent with confidence above the fallback threshold
and `Catalog.resolve` (the same code the answering action runs) turns it into the
expected topic.

Crisis messages (crisis_messages.yml): recall and false alarms, as a first message
and in the middle of a conversation, with the real action server
(scripts/evaluate_crisis.py says what counts).

Usage: python scripts/evaluate.py [--model models/attachment-bot.tar.gz]
"""

import argparse
import asyncio
import logging
import os
import sys
import tempfile
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

sys.path.insert(0, str(ROOT / "scripts"))
from evaluate_crisis import load_agent_with_actions, load_crisis_set, report, run_crisis_evaluation, summarise  # noqa: E402
from local_servers import action_server  # noqa: E402

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


async def evaluate_crisis(model_path: Path, crisis_set: Dict) -> Dict:
    with tempfile.TemporaryDirectory() as scratch, action_server(Path(scratch) / "actions.log") as actions:
        agent = await load_agent_with_actions(model_path, actions.port, Path(scratch) / "endpoints.yml")
        turns, broken_preludes = await run_crisis_evaluation(agent, crisis_set)
    figures = summarise(turns, crisis_set)
    figures["report"] = report(figures, broken_preludes)
    figures["passed"] = not broken_preludes and all(
        f["caught"] / f["crisis"] >= crisis_set["minimum_recall"]
        and f["false_alarms"] <= crisis_set["maximum_false_alarms"]
        for f in (figures["first message"], figures["mid-conversation"])
    )
    return figures


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
    print(f"Minimum required: {held_out['minimum_accuracy']:.0%}\n")

    crisis_set = load_crisis_set()
    figures = asyncio.run(evaluate_crisis(args.model, crisis_set))
    print("\n".join(figures["report"]))
    required_recall, allowed_alarms = crisis_set["minimum_recall"], crisis_set["maximum_false_alarms"]
    print(f"Required: recall {required_recall:.0%}, false alarms at most {allowed_alarms}")
    return 0 if share >= held_out["minimum_accuracy"] and figures["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
