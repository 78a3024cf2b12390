"""Decide whether a message is a crisis, and which kind, from data/crisis/signals.yml.

Pure Python with no Rasa import, so that it is fast to test and the same object
serves the Rasa component, the evaluation script and the tests.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Pattern, Tuple

from bot.crisis import RESOURCES_PATH, SIGNALS_PATH, load_yaml
from bot.crisis.normalise import Normaliser
from bot.crisis.resources import load_resources

CRISIS_DENIED = "crisis_denied"
ASK_CRISIS_RESOURCES = "ask_crisis_resources"
INFORM_REGION = "inform_region"
MACRO = re.compile(r"<([a-z_]+)>")


@dataclass(frozen=True)
class Assessment:
    """What the detector found in one message.

    `intent` is a crisis intent (`crisis_suicide`, ...), `crisis_denied`,
    `ask_crisis_resources`, `inform_region`, or None when the message is ordinary.
    `signal` names the pattern that decided, for tests and debugging (never the text).
    `figurative` says that an idiom ("killing me", "beat me at chess") was cut out.
    """

    intent: Optional[str] = None
    signal: Optional[str] = None
    region: Optional[str] = None
    sensitive_subject: Optional[str] = None
    figurative: bool = False

    @property
    def is_crisis(self) -> bool:
        return self.intent is not None and self.intent.startswith("crisis_") and self.intent != CRISIS_DENIED


def expand(pattern: str, words: Dict[str, str], fragments: Dict[str, str]) -> str:
    def substitute(match: "re.Match[str]") -> str:
        name = match.group(1)
        if name in fragments:
            return expand(fragments[name], words, fragments)
        if name in words:
            return f"(?:{words[name]})"
        raise ValueError(f"unknown <{name}> in crisis pattern: {pattern}")

    return MACRO.sub(substitute, pattern)


class CrisisDetector:
    def __init__(self, signals: Dict[str, Any], region_names: Dict[str, Iterable[str]]) -> None:
        words = dict(signals["words"])
        words["region"] = "|".join(
            sorted((re.escape(name) for names in region_names.values() for name in names), key=len, reverse=True)
        )
        fragments = signals.get("fragments", {})

        def compile_all(patterns: Iterable[str]) -> List[Pattern[str]]:
            return [re.compile(expand(p, words, fragments)) for p in patterns]

        self.normalise = Normaliser(
            signals.get("raw_rewrites", {}), signals["rewrites"], signals["fuzzy_targets"], signals["fuzzy_protected"]
        )
        self.idioms = compile_all(signals["idioms"])
        self.denials = compile_all(signals["denial"]["patterns"])
        self.undercut = re.compile(signals["denial"]["undercut"])
        self.categories: List[Tuple[str, List[Pattern[str]]]] = [
            (category["intent"], compile_all(category["patterns"])) for category in signals["categories"]
        ]
        self.resources_request = compile_all(signals["resources_request"])
        self.sensitive_subjects = {name: re.compile(p) for name, p in signals["sensitive_subjects"].items()}
        self.region_statement = re.compile(expand(signals["region_statement"], words, fragments))
        self.region_only = re.compile(expand(signals["region_only"], words, fragments))
        self.region_filler = set(signals["region_filler"])
        self.region_by_name = {name: region for region, names in region_names.items() for name in names}
        self.region_name_at_end = re.compile(rf"\b({words['region']})\s*$")

    @property
    def crisis_intents(self) -> List[str]:
        return [intent for intent, _ in self.categories]

    def assess(self, text: str) -> Assessment:
        normalised = self.normalise(text)
        region, region_only = self._region(normalised)
        remaining = self._cut(normalised, self.idioms)
        figurative = remaining != normalised

        denied = False
        if not self.undercut.search(remaining):
            without_denials = self._cut(remaining, self.denials)
            denied = without_denials != remaining
            remaining = without_denials

        for intent, patterns in self.categories:
            for index, pattern in enumerate(patterns):
                if pattern.search(remaining):
                    return Assessment(intent, f"{intent}[{index}]", region)
        if denied:
            return Assessment(CRISIS_DENIED, "denial", region)
        for index, pattern in enumerate(self.resources_request):
            if pattern.search(remaining):
                return Assessment(ASK_CRISIS_RESOURCES, f"resources_request[{index}]", region)
        if region_only:
            return Assessment(INFORM_REGION, "region_statement", region)
        sensitive = next((name for name, p in self.sensitive_subjects.items() if p.search(remaining)), None)
        return Assessment(None, None, region, sensitive, figurative)

    def _region(self, normalised: str) -> Tuple[Optional[str], bool]:
        """The region the person says they are in, and whether that is all the message says."""
        if self.region_only.search(normalised):
            return self._region_named(normalised), True
        matches = list(self.region_statement.finditer(normalised))
        if not matches:
            return None, False
        last = matches[-1]
        leftover = (normalised[: last.start()] + " " + normalised[last.end() :]).split()
        return self._region_named(last.group(0)), all(word in self.region_filler for word in leftover)

    def _region_named(self, phrase: str) -> Optional[str]:
        match = self.region_name_at_end.search(phrase)
        return self.region_by_name[match.group(1)] if match else None

    @staticmethod
    def _cut(text: str, patterns: Iterable[Pattern[str]]) -> str:
        for pattern in patterns:
            text = pattern.sub(" | ", text)
        return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=None)
def load_detector(signals_path: Path = SIGNALS_PATH, resources_path: Path = RESOURCES_PATH) -> CrisisDetector:
    regions = load_resources(resources_path).regions
    return CrisisDetector(load_yaml(signals_path), {key: region["names"] for key, region in regions.items()})
