"""Custom actions served by `rasa run actions`; each module holds one concern."""
