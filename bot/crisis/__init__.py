"""Crisis handling: detection inside the Rasa server, support lines by region, replies."""

from pathlib import Path
from typing import Any, Dict

import yaml

CRISIS_DATA = Path(__file__).resolve().parents[2] / "data" / "crisis"
SIGNALS_PATH = CRISIS_DATA / "signals.yml"
RESOURCES_PATH = CRISIS_DATA / "resources.yml"


def load_yaml(path: Path) -> Dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)
