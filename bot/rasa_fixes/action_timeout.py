"""Rasa waits up to 5 minutes for the action server to answer; a hung action server would keep
a person waiting that long. Here the wait is ACTION_TIMEOUT_SECONDS (10 by default); after it
the action fails, and the channel says "I can't reach my answers right now"
(bot/channels/guarded.py)."""

import os

import rasa.core.actions.action

DEFAULT_ACTION_TIMEOUT_SECONDS = 10.0


def action_timeout_seconds() -> float:
    return float(os.environ.get("ACTION_TIMEOUT_SECONDS") or DEFAULT_ACTION_TIMEOUT_SECONDS)


def install() -> None:
    # RemoteAction.run passes this module constant as each call's timeout.
    rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT = action_timeout_seconds()
