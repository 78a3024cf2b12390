"""Rasa runs its model graph (the NLU pipeline on each message, the policies before each
action) through dask's synchronous scheduler, which orders, queues and wraps every node in
futures on every run: 8% of a loaded Rasa server's time, for graphs of about ten nodes run
one after another anyway. Here the same graph (Rasa's own minimal graph for the targets,
with the inputs added Rasa's way) is run by a plain depth-first walk: each node once, after
the nodes it needs, with their outputs, as dask calls it; the result is the same mapping of
target to output, and a RuntimeError is reported as Rasa's GraphRunError."""

from typing import Any, Dict, List, Optional

from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner

_rasas_run = DaskGraphRunner.run


def run_in_order(graph: Dict[str, Any], targets: List[str]) -> Dict[str, Any]:
    """Dask's meaning of `graph` (a task is a tuple of a callable and its arguments; an argument
    that names another key is replaced by that key's result; anything else is a value)."""
    results: Dict[str, Any] = {}

    def result(key: str) -> Any:
        if key not in results:
            task = graph[key]
            if isinstance(task, tuple) and task and callable(task[0]):
                arguments = [result(argument) if isinstance(argument, str) and argument in graph else argument
                             for argument in task[1:]]
                results[key] = task[0](*arguments)
            else:
                results[key] = task
        return results[key]

    return dict(result(target) for target in targets)


def run(self: DaskGraphRunner, inputs: Optional[Dict[str, Any]] = None,
        targets: Optional[List[str]] = None) -> Dict[str, Any]:
    run_targets = targets if targets else self._graph_schema.target_names
    graph = self._build_dask_graph(self._graph_schema.minimal_graph_schema(run_targets))
    if inputs:
        self._add_inputs_to_graph(inputs, graph)
    try:
        return run_in_order(graph, run_targets)
    except RuntimeError as error:
        raise GraphRunError("Error running runner.") from error


def install() -> None:
    DaskGraphRunner.run = run
