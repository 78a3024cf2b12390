"""The intent classifier's two speed fixes change no number: the features' matrix is Rasa's,
and a classifier loaded with its weights stored column by column gives the probabilities the
freshly trained one gives."""

import copy

import numpy
import pytest
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

import bot  # noqa: F401 - importing the package installs the fixes
from bot.rasa_fixes import intent_classifier

INTENTS = ["ask_secure", "ask_healing", "greet"]


def message(number: int, intent: str = None, dense: bool = False) -> Message:
    """Features as two sparse featurizers (and optionally a dense one) would give them: per
    token and per sentence; drawn at random, leaning on the intent's own columns."""
    random = numpy.random.default_rng(number)
    text = f"message {number}"
    data = {"text": text, "intent": intent} if intent else {"text": text}
    result = Message(data=data)
    for origin, width in (("words", 40), ("characters", 300)):
        sentence = random.random((1, width)) * (random.random((1, width)) < 0.2)
        if intent:
            start = INTENTS.index(intent) * width // 3
            sentence[0, start:start + 5] += 1.0
        result.add_features(Features(scipy.sparse.coo_matrix(random.random((2, width))), "sequence", "text", origin))
        result.add_features(Features(scipy.sparse.coo_matrix(sentence), "sentence", "text", origin))
    if dense:
        result.add_features(Features(random.random((1, 7)), "sentence", "text", "dense"))
    return result


def test_the_fixes_are_installed_when_the_package_is_imported():
    assert LogisticRegressionClassifier._create_X is intent_classifier.create_X
    assert LogisticRegressionClassifier.load.__func__ is intent_classifier.load


@pytest.mark.parametrize("messages", [
    [message(1)],
    [message(1), message(2), message(3)],
    [message(1, dense=True)],
    [message(1, dense=True), message(2, dense=True)],
], ids=["one", "several", "with dense features", "several with dense features"])
def test_the_features_matrix_is_rasas(messages):
    ours = intent_classifier.create_X(None, messages)
    rasas = intent_classifier._rasas_create_X(None, messages)
    assert ours.shape == rasas.shape
    assert (ours != rasas).nnz == 0


def test_a_loaded_classifier_predicts_what_the_trained_one_predicts(tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("intent_classifier")
    context = ExecutionContext(GraphSchema({}), "test")
    config = LogisticRegressionClassifier.get_default_config()
    trained = LogisticRegressionClassifier.create(config, storage, resource, context)
    trained.train(TrainingData([message(n, INTENTS[n % 3]) for n in range(60)]))

    loaded = LogisticRegressionClassifier.load(config, storage, resource, context)
    as_rasa_loads_it = intent_classifier._rasas_load(LogisticRegressionClassifier, config, storage, resource, context)
    assert not as_rasa_loads_it.clf.coef_.T.flags["C_CONTIGUOUS"]  # copied at every prediction
    assert loaded.clf.coef_.T.flags["C_CONTIGUOUS"]
    numpy.testing.assert_array_equal(loaded.clf.coef_, trained.clf.coef_)

    new = [message(n) for n in range(100, 140)]
    expected = trained.process(copy.deepcopy(new))
    predicted = loaded.process(copy.deepcopy(new))
    for theirs, ours in zip(expected, predicted):
        assert ours.get("intent")["name"] == theirs.get("intent")["name"]
        assert [i["name"] for i in ours.get("intent_ranking")] == [i["name"] for i in theirs.get("intent_ranking")]
        assert [i["confidence"] for i in ours.get("intent_ranking")] == pytest.approx(
            [i["confidence"] for i in theirs.get("intent_ranking")], rel=1e-12)
    assert len({m.get("intent")["name"] for m in predicted}) > 1  # a real classifier, not a constant
