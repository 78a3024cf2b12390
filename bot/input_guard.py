"""The one gate every channel's messages pass before Rasa sees them (data/input_guard.yml).

`InputGuard.admit(text)` returns what Rasa is given instead of the raw text:

- nothing, or only spaces  -> `/empty_message` (the bot asks what the person wants to know);
- control characters       -> removed (line breaks and tabs are kept);
- over `max_characters`    -> `/message_too_long`, without NLU, unless the crisis detector finds
                              a crisis in it: then the part that says so goes to NLU, so the
                              crisis reply still comes first;
- "/payload"               -> passed only when it is one of the bot's own buttons or channel
                              controls, exactly; otherwise the words without the slash go to NLU.
"""

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, FrozenSet, Iterator, Optional

from bot.crisis import load_yaml
from bot.crisis.detector import CrisisDetector, load_detector

ROOT = Path(__file__).resolve().parent.parent
GUARD_PATH = ROOT / "data" / "input_guard.yml"
EMPTY_MESSAGE = "/empty_message"
MESSAGE_TOO_LONG = "/message_too_long"
KEPT_CONTROLS = {"\n", "\t"}


@dataclass(frozen=True)
class InputGuard:
    max_characters: int
    crisis_scan_characters: int
    allowed_payloads: FrozenSet[str]
    no_answer: str
    detector: CrisisDetector

    def admit(self, text: Any) -> str:
        if not isinstance(text, str):
            return EMPTY_MESSAGE
        if len(text) > self.max_characters:
            return self._part_in_crisis(text) or MESSAGE_TOO_LONG
        text = strip_controls(text).strip()
        if text.startswith("/") and text not in self.allowed_payloads:
            text = text.lstrip("/").strip()
        return text or EMPTY_MESSAGE

    def _part_in_crisis(self, text: str) -> Optional[str]:
        for chunk in chunks(text[: self.crisis_scan_characters], self.max_characters):
            chunk = strip_controls(chunk).strip().lstrip("/")
            if chunk and self.detector.assess(chunk).intent in self.detector.crisis_intents:
                return chunk
        return None


def strip_controls(text: str) -> str:
    return "".join(c for c in text if c in KEPT_CONTROLS or unicodedata.category(c) != "Cc")


def chunks(text: str, size: int) -> Iterator[str]:
    """Pieces of at most `size` characters, each starting at a word a quarter-chunk before the
    previous one ended, so no sentence is cut between two pieces without being whole in one."""
    overlap = size // 4
    start = 0
    while start < len(text):
        yield text[start : start + size]
        if start + size >= len(text):
            return
        restart = start + size - overlap
        space = text.find(" ", restart, start + size)
        start = space + 1 if space >= 0 else restart


def bot_payloads() -> FrozenSet[str]:
    """Every payload the bot's own buttons can send: domain.yml's, and one per topic."""
    responses = load_yaml(ROOT / "domain.yml")["responses"]
    topics = load_yaml(ROOT / "data" / "knowledge" / "topics.yml")["topics"]
    from_domain = {
        button["payload"] for variants in responses.values() for variant in variants
        for button in variant.get("buttons", [])
    }
    return frozenset(from_domain) | {f"/{intent}" for intent in topics}


@lru_cache(maxsize=None)
def load_guard(path: Path = GUARD_PATH) -> InputGuard:
    settings = load_yaml(path)
    return InputGuard(
        max_characters=settings["max_characters"],
        crisis_scan_characters=settings["crisis_scan_characters"],
        allowed_payloads=bot_payloads() | frozenset(settings["channel_payloads"]),
        no_answer=settings["no_answer"],
        detector=load_detector(),
    )
