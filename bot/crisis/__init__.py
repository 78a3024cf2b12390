"""Crisis handling: detection inside the Rasa server, support lines by region, replies."""

from pathlib import Path

CRISIS_DATA = Path(__file__).resolve().parents[2] / "data" / "crisis"
SIGNALS_PATH = CRISIS_DATA / "signals.yml"
RESOURCES_PATH = CRISIS_DATA / "resources.yml"
