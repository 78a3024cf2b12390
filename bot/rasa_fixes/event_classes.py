"""To read a stored event back, Rasa finds its class by walking every subclass of Event,
recursively, for every event of every conversation read from the tracker store (6% of a Rasa
server's time under load in the production profile). Here the classes are looked up in a
table built once (and rebuilt if a name is unknown, as a class may be imported later); the
first class with the name wins, as in Rasa's loop."""

from typing import Dict, Optional, Type

from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

EVENT_CLASSES: Dict[str, Type[Event]] = {}


def resolve_by_type(type_name: str, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
    if type_name not in EVENT_CLASSES:
        for event_class in all_subclasses(Event):
            EVENT_CLASSES.setdefault(event_class.type_name, event_class)
    if type_name in EVENT_CLASSES:
        return EVENT_CLASSES[type_name]
    if type_name == "topic":
        return None  # Rasa's backwards compatibility with old TopicSet events
    if default is not None:
        return default
    raise ValueError(f"Unknown event name '{type_name}'.")


def install() -> None:
    Event.resolve_by_type = staticmethod(resolve_by_type)
