"""Support lines by region, from data/crisis/resources.yml, as template variables for replies."""

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Optional

from bot.crisis import RESOURCES_PATH, load_yaml

SPECIALIST_LINES = ("domestic_violence", "sexual_assault", "child_abuse")


class SupportResources:
    def __init__(self, data: Dict[str, Any]) -> None:
        self.regions: Dict[str, Dict[str, Any]] = data["regions"]
        self.default_region: str = data["default_region"]
        self.region_by_locale = {
            locale.lower(): key for key, region in self.regions.items() for locale in region["locales"]
        }

    def region_for_locale(self, tag: Any) -> Optional[str]:
        """The region of a language tag such as "en-GB" or "en_gb"; None for "en" or an unknown tag."""
        if not isinstance(tag, str):
            return None
        tag = tag.strip().lower().replace("_", "-")
        return self.region_by_locale.get(tag)

    def region_from_channel(self, value: Any) -> Optional[str]:
        """A region a channel reports: one of our region keys ("uk") or a language tag ("en-GB")."""
        if isinstance(value, str) and value.lower() in self.regions:
            return value.lower()
        return self.region_for_locale(value)

    def known(self, region: Optional[str]) -> bool:
        return region in self.regions and region != self.default_region

    def template_variables(self, region: Optional[str]) -> Dict[str, str]:
        """What crisis responses may use: {crisis_line}, {emergency_number}, {region_label},
        {domestic_violence_line}, {sexual_assault_line}, {child_abuse_line} and {region_prompt}."""
        default = self.regions[self.default_region]
        entry = self.regions[region] if self.known(region) else default
        variables = {
            "region_label": entry["label"],
            "crisis_line": entry["crisis_line"]["text"],
            "emergency_number": entry["emergency_number"]["text"],
            "region_prompt": "" if entry is not default else default["region_prompt"],
        }
        for line in SPECIALIST_LINES:
            variables[f"{line}_line"] = (entry.get(line) or default[line])["text"]
        return variables

    def entries(self):
        """Every (region, kind, entry) with a text, a source and a last-checked date."""
        for key, region in self.regions.items():
            for kind in ("emergency_number", "crisis_line", *SPECIALIST_LINES):
                if kind in region:
                    yield key, kind, region[kind]


@lru_cache(maxsize=None)
def load_resources(path: Path = RESOURCES_PATH) -> SupportResources:
    return SupportResources(load_yaml(path))
