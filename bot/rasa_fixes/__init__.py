"""Fixes to Rasa 3.6, installed when the `bot` package is imported (so in every Rasa process
that loads our components, channels or NLG). One module per fix, each with its reasons:

- action_responses: action server responses validated with validators built once, each
  event against its own event type's schema (speed; same verdicts).
- event_classes: stored events' classes looked up in a table (speed).
- intent_classifier: the intent classifier's weights stored so that predicting does not
  copy them (speed; same probabilities).
- graph_runner: the model's graph run node after node without dask's scheduler (speed;
  same results).
- action_timeout: a 10 s wait for the action server instead of 5 minutes.
"""

from bot.rasa_fixes import action_responses, action_timeout, event_classes, graph_runner, intent_classifier


def install() -> None:
    for fix in (action_responses, event_classes, intent_classifier, graph_runner, action_timeout):
        fix.install()
