"""The model's graph run node after node without dask: dask's results, each node run once; and
on the trained model, the same parses and the same next actions as Rasa's own runner."""

import asyncio

import dask
import pytest
from rasa.core.agent import Agent
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

import bot  # noqa: F401 - importing the package installs the fixes
from bot.rasa_fixes import graph_runner
from tests.rasa_cli import ROOT

MESSAGES = ["what is secure attachment?", "avoidnt attachmnt in adults", "I want to end my life",
            "this homework is killing me", "thanks", "delete my conversation", "¿qué?", ""]


def test_the_fix_is_installed_when_the_package_is_imported():
    assert DaskGraphRunner.run is graph_runner.run


def test_a_graph_gives_what_dask_gives_with_each_node_run_once():
    calls = []

    def node(name):
        def run(*inputs):
            calls.append(name)
            return name, [name, *inputs]
        return run

    graph = {
        "__message__": ("__message__", ["hello"]),  # an input, as Rasa adds it
        "tokens": (node("tokens"), "__message__"),
        "words": (node("words"), "tokens"),
        "characters": (node("characters"), "tokens"),
        "intent": (node("intent"), "words", "characters", "__message__"),
        "unused": (node("unused"), "tokens"),
    }
    expected = dict(dask.get(graph, ["intent", "words"]))
    calls.clear()
    assert graph_runner.run_in_order(graph, ["intent", "words"]) == expected
    assert sorted(calls) == ["characters", "intent", "tokens", "words"]


def test_a_failing_node_fails_the_run_as_in_rasa():
    def broken(*_):
        raise RuntimeError("broken component")

    runner = DaskGraphRunner.__new__(DaskGraphRunner)
    runner._build_dask_graph = lambda schema: {"node": (broken,)}
    runner._graph_schema = type("Schema", (), {"target_names": ["node"], "minimal_graph_schema": lambda s, t: s})()
    with pytest.raises(GraphRunError):
        runner.run()

    def wrong_value(*_):
        raise ValueError("not a runtime error")

    runner._build_dask_graph = lambda schema: {"node": (wrong_value,)}
    with pytest.raises(ValueError):
        runner.run()


@pytest.fixture(scope="module")
def agent():
    return Agent.load(str(ROOT / "models" / "attachment-bot.tar.gz"))


def understood_and_predicted(agent, run):
    """Each message parsed, then the next action predicted after it, with `run` as the runner."""
    DaskGraphRunner.run = run
    try:
        results = []
        for text in MESSAGES:
            parsed = asyncio.run(agent.parse_message(text))
            tracker = DialogueStateTracker.from_events("graph-runner", [
                ActionExecuted("action_listen"), UserUttered(text, parsed["intent"], parsed["entities"], parsed)])
            prediction = agent.processor._predict_next_with_tracker(tracker)
            results.append((parsed, prediction.max_confidence_index, prediction.probabilities, prediction.policy_name))
        return results
    finally:
        DaskGraphRunner.run = graph_runner.run


def test_the_trained_model_understands_and_predicts_as_with_rasas_runner(agent):
    ours = understood_and_predicted(agent, graph_runner.run)
    rasas = understood_and_predicted(agent, graph_runner._rasas_run)
    assert ours == rasas
    understood = {parsed["intent"]["name"] for parsed, *_ in ours}
    assert understood >= {"ask_secure_overview", "crisis_suicide", "delete_conversation"}
