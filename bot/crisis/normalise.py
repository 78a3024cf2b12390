"""Bring a message to the plain form the crisis patterns are written against.

Lower case, straight quotes, leetspeak letters restored, long letter runs collapsed,
contractions and slang rewritten word by word, near-misspellings of a few key words
corrected, punctuation turned into spaces.
"""

import re
import unicodedata
from typing import Dict, Iterable, List

LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})
LEET_CHARS = set("0134578@$!")
APOSTROPHES = "'’‘`´"


def damerau_distance_at_most_one(a: str, b: str) -> bool:
    """True when b is a, or a with one letter added, removed, replaced or two neighbours swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
        )
    shorter, longer = sorted((a, b), key=len)
    for i in range(len(longer)):
        if longer[:i] + longer[i + 1 :] == shorter:
            return True
    return False


class Normaliser:
    def __init__(
        self,
        raw_rewrites: Dict[str, str],
        rewrites: Dict[str, str],
        fuzzy_targets: Iterable[str],
        fuzzy_protected: Iterable[str],
    ) -> None:
        self.raw_rewrites = [(re.compile(pattern), replacement) for pattern, replacement in raw_rewrites.items()]
        self.rewrites = rewrites
        self.fuzzy_targets = list(fuzzy_targets)
        self.fuzzy_protected = set(fuzzy_protected) | set(self.fuzzy_targets)

    def __call__(self, text: str) -> str:
        text = unicodedata.normalize("NFKC", text).lower()
        for pattern, replacement in self.raw_rewrites:
            text = pattern.sub(replacement, text)
        text = "".join(ch for ch in text if ch not in APOSTROPHES)
        words: List[str] = []
        for token in text.split():
            token = self._restore_leet(token)
            for word in re.findall(r"[a-z0-9]+", token):
                words.extend(self._rewrite(word).split())
        return " ".join(words)

    @staticmethod
    def _restore_leet(token: str) -> str:
        core = token.rstrip("!.?,")  # a closing "!" is punctuation, not an "i"
        if any(ch.isalpha() for ch in core) and any(ch in LEET_CHARS for ch in core):
            return core.translate(LEET) + token[len(core) :]
        return token

    def _rewrite(self, word: str) -> str:
        word = re.sub(r"([a-z])\1{2,}", r"\1", word)
        if word in self.rewrites:
            return self.rewrites[word]
        if len(word) >= 5 and word not in self.fuzzy_protected:
            for target in self.fuzzy_targets:
                if damerau_distance_at_most_one(word, target):
                    return target
        return word
