"""The crisis detector as a Rasa NLU component, so that crisis routing lives in the Rasa server.

It runs after the intent classifier and before the FallbackClassifier. When the
detector finds a crisis, its intent replaces whatever the classifier chose (and no
fallback can follow, at confidence 1.0); the rules in data/rules/crisis.yml then
answer with a domain response, so nothing here needs the action server.

The patterns cannot foresee every wording, so the intent classifier, trained on
examples of each crisis intent, is a backstop: when the detector finds nothing, no
idiom was cut out and the classifier puts a crisis intent first with at least
`classifier_backstop` confidence, that crisis is taken. Otherwise the intents only
this component may set are taken out of the classifier's ranking.

It also adds entities: `region` when the person says where they are, `channel_region`
when the channel passes a region or a language tag in the message metadata, and
`sensitive_subject` when an ordinary question touches suicide, self-harm or abuse.
"""

from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.crisis.detector import ASK_CRISIS_RESOURCES, CRISIS_DENIED, INFORM_REGION, Assessment, load_detector
from bot.crisis.resources import load_resources

METADATA_REGION_KEYS = ("region", "locale", "language_code", "language")


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CrisisClassifier(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"classifier_backstop": 0.65}

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "CrisisClassifier":
        return cls(config["classifier_backstop"])

    def __init__(self, classifier_backstop: float = 0.65) -> None:
        self.classifier_backstop = classifier_backstop
        self.detector = load_detector()
        self.resources = load_resources()
        self.owned_intents = {*self.detector.crisis_intents, CRISIS_DENIED, ASK_CRISIS_RESOURCES, INFORM_REGION}

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            assessment = self.detector.assess(text)
            intent = assessment.intent or self._classifier_crisis(message, assessment)
            if intent:
                self._take_over(message, intent)
            else:
                self._leave_to_classifier(message)
            self._add_entities(message, assessment, text)
        return messages

    def _classifier_crisis(self, message: Message, assessment: Assessment) -> Optional[str]:
        ranking = message.get(INTENT_RANKING_KEY) or []
        if assessment.figurative or not ranking:
            return None
        best = ranking[0]
        if best["name"] in self.detector.crisis_intents and best["confidence"] >= self.classifier_backstop:
            return best["name"]
        return None

    def _take_over(self, message: Message, intent: str) -> None:
        others = [
            {**ranked, "confidence": ranked["confidence"] * 0.5}
            for ranked in message.get(INTENT_RANKING_KEY) or []
            if ranked["name"] != intent
        ]
        message.set(INTENT, {"name": intent, "confidence": 1.0}, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": 1.0}, *others], add_to_output=True)

    def _leave_to_classifier(self, message: Message) -> None:
        """Drop the intents only the detector may set, and share their probability among the rest."""
        ranking = message.get(INTENT_RANKING_KEY) or []
        kept = [r for r in ranking if r["name"] not in self.owned_intents]
        if len(kept) == len(ranking):
            return
        total = sum(r["confidence"] for r in kept) or 1.0
        kept = [{**r, "confidence": r["confidence"] / total} for r in kept]
        best = kept[0] if kept else {"name": None, "confidence": 0.0}
        message.set(INTENT, dict(best), add_to_output=True)
        message.set(INTENT_RANKING_KEY, kept, add_to_output=True)

    def _add_entities(self, message: Message, assessment: Assessment, text: str) -> None:
        found = []
        if assessment.region:
            found.append(self._entity("region", assessment.region, text))
        channel_region = self._region_from_metadata(message.get("metadata") or {})
        if channel_region:
            found.append(self._entity("channel_region", channel_region, ""))
        if assessment.sensitive_subject:
            found.append(self._entity("sensitive_subject", assessment.sensitive_subject, text))
        if found:
            message.set(ENTITIES, [*(message.get(ENTITIES) or []), *found], add_to_output=True)

    def _region_from_metadata(self, metadata: Dict[str, Any]) -> Optional[str]:
        if not isinstance(metadata, dict):
            return None
        regions = (self.resources.region_from_channel(metadata.get(key)) for key in METADATA_REGION_KEYS)
        return next((region for region in regions if region), None)

    @staticmethod
    def _entity(name: str, value: str, text: str) -> Dict[str, Any]:
        return {"entity": name, "value": value, "start": 0, "end": len(text), "extractor": "CrisisClassifier"}
