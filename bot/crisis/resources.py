"""Support lines by region, from data/crisis/resources.yml, as template variables for replies."""

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Optional

import yaml

from bot.crisis import RESOURCES_PATH

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

    def known(self, region: Optional[str]) -> bool:
        return region in self.regions and region != self.default_region

    def template_variables(self, region: Optional[str]) -> Dict[str, str]:
        """What crisis responses may use: {crisis_line}, {emergency_number}, {region_label},
        {domestic_violence_line}, {sexual_assault_line}, {child_abuse_line} and {region_prompt}."""
        key = region if self.known(region) else self.default_region
        entry, default = self.regions[key], self.regions[self.default_region]
        variables = {
            "region_label": entry["label"],
            "crisis_line": entry["crisis_line"]["text"],
            "emergency_number": entry["emergency_number"]["text"],
            "region_prompt": "" if self.known(region) else self.regions[self.default_region]["region_prompt"],
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

    def oldest_check(self) -> date:
        return min(entry["last_checked"] for _, _, entry in self.entries())


@lru_cache(maxsize=None)
def load_resources(path: Path = RESOURCES_PATH) -> SupportResources:
    with open(path, encoding="utf-8") as handle:
        return SupportResources(yaml.safe_load(handle))
