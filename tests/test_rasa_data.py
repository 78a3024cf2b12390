"""Rasa's own checks on our data: validation, and test stories with the trained model."""

import re

from tests.rasa_cli import ROOT, rasa, require_model

# Responses sent by custom actions (dispatcher.utter_message(response=...)): Rasa's
# validator cannot see that and reports them as unused. Nothing else may warn.
SENT_BY_ACTIONS = {
    "utter_disclaimer",
    "utter_ask_which_topic",
    "utter_ask_which_style",
    "utter_covered_everything",
    "utter_default",
    "utter_support_line",
}
# Intents only the input guard (bot/input_guard.py) or a button sets: no NLU examples on purpose.
SET_BY_GUARD = {"empty_message", "message_too_long", "delete_conversation_confirmed", "keep_conversation"}


def test_rasa_data_validate_passes_with_warnings_as_failures():
    result = rasa("data", "validate", "--fail-on-warnings")
    assert result.returncode == 0, result.stdout + result.stderr
    warnings = re.findall(r"UserWarning: (.*)", result.stderr + result.stdout)
    expected = [f"'{name}' is not used in any story or rule" for name in SENT_BY_ACTIONS]
    expected += [f"'{name}' is listed in the domain file, but is not found in the NLU" for name in SET_BY_GUARD]
    unexpected = [w for w in warnings if not any(known in w for known in expected)]
    assert unexpected == []


def test_test_stories_pass_with_prediction_errors_as_failures(tmp_path):
    model = require_model()
    result = rasa(
        "test",
        "core",
        "--model",
        str(model),
        "--stories",
        str(ROOT / "tests" / "stories"),
        "--out",
        str(tmp_path),
        "--fail-on-prediction-errors",
        "--no-plot",
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
