"""Privacy: no message text in the logs at INFO level; "delete my conversation" deletes it."""

import sqlite3
import uuid

from tests.platforms import SECRETS, twilio_form
from tests.rasa_cli import LOGS, rest_servers
from tests.test_channels_rest import say
from tests.test_e2e_rest import Conversation


def test_message_text_is_not_logged_at_info_level(platforms):
    secret = f"my private worry {uuid.uuid4().hex}"
    say(platforms, f"{secret}: what is anxious attachment?")
    say(platforms, f"{secret} and i want to die")
    body, headers = twilio_form({"From": "+15559990000", "To": SECRETS["TWILIO_NUMBER"], "Body": secret})
    platforms.post("/webhooks/twilio/webhook", body, headers)
    logs = (LOGS / "platforms-rasa.log").read_text() + (LOGS / "platforms-actions.log").read_text()
    assert "INFO" in logs  # the servers do log at INFO; just not what people write
    assert secret not in logs


def test_delete_my_conversation_removes_every_stored_event_from_sqlite(tmp_path):
    db = tmp_path / "conversations.db"
    store = {"type": "bot.stores.ForgettingSQLTrackerStore", "dialect": "sqlite", "db": str(db)}
    with rest_servers(tmp_path, "privacy", tracker_store=store) as (url, _):
        me, someone_else = Conversation(url), Conversation(url)
        me.say("what is anxious attachment?")
        someone_else.say("what is secure attachment?")
        assert stored_events(db, me.sender) > 0

        asked = me.say("please delete my conversation")
        assert "delete" in asked[-1]["text"]
        assert [b["payload"] for b in asked[-1]["buttons"]] == ["/delete_conversation_confirmed", "/keep_conversation"]
        assert stored_events(db, me.sender) > 0  # nothing is deleted before the confirmation

        done = me.say("/delete_conversation_confirmed")
        assert "deleted" in done[-1]["text"]
        assert stored_events(db, me.sender) == 0
        assert stored_events(db, someone_else.sender) > 0

        again = me.say("hello")  # a fresh start: the disclaimer again, nothing remembered
        assert "automated" in again[0]["text"]


def test_typed_yes_cannot_delete_a_conversation(platforms):
    sender = uuid.uuid4().hex
    say(platforms, "delete my conversation", sender)
    _, text = say(platforms, "yes delete it", sender)
    assert "has been deleted" not in text


def stored_events(db, sender: str) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute("select count(*) from events where sender_id = ?", (sender,)).fetchone()[0]
