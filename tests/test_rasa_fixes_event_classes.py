"""Stored events' classes looked up in a table: the same classes as Rasa's own search."""

import pytest
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.utils.common import all_subclasses

import bot  # noqa: F401 - importing the package installs the fixes
from bot.rasa_fixes.event_classes import resolve_by_type


def test_the_fix_is_installed_when_the_package_is_imported():
    assert Event.resolve_by_type is resolve_by_type


def test_stored_events_resolve_to_the_same_classes_as_rasas_own_lookup():
    for event_class in all_subclasses(Event):
        rasas_choice = next(c for c in all_subclasses(Event) if c.type_name == event_class.type_name)
        assert Event.resolve_by_type(event_class.type_name) is rasas_choice
    assert Event.resolve_by_type("user") is UserUttered
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no such event", default=UserUttered) is UserUttered
    with pytest.raises(ValueError):
        Event.resolve_by_type("no such event")
