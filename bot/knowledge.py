"""The knowledge file: where it lives, how it is written, and lookups into it."""

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

ROOT = Path(__file__).resolve().parent.parent
ARTICLE_PATH = Path(
    os.environ.get(
        "ARTICLE_PATH",
        ROOT.parent / "shared" / "article" / "attachment-and-mental-wellbeing.txt",
    )
)
KNOWLEDGE_PATH = ROOT / "data" / "knowledge" / "article.yml"

HEADER = (
    "# Generated from the article by scripts/build_knowledge.py: do not edit by hand.\n"
    "# Every string below is a verbatim piece of the article (tests/test_knowledge.py).\n"
)


def dump_knowledge(knowledge: Dict[str, Any]) -> str:
    return HEADER + yaml.safe_dump(knowledge, allow_unicode=True, sort_keys=False, width=1000)


class Knowledge:
    """Read access to the article's structure by node id.

    A node is a section (`how_attachment_shapes_mental_health`) or a subsection
    (`anxious_preoccupied_attachment`); ids are the slugs of their titles.
    """

    def __init__(self, data: Dict[str, Any]) -> None:
        self.data = data
        self.nodes: Dict[str, Dict[str, Any]] = {}
        for section in data["sections"]:
            self.nodes[section["id"]] = section
            for subsection in section["subsections"]:
                self.nodes[subsection["id"]] = subsection
        self.references = {ref["number"]: ref for ref in data["references"]}

    def node(self, node_id: str) -> Dict[str, Any]:
        try:
            return self.nodes[node_id]
        except KeyError:
            raise KeyError(f"no section or subsection with id {node_id!r} in the knowledge file") from None

    def reference_of(self, node: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        numbers: List[int] = [entry["reference"] for entry in node.get("lists", []) if "reference" in entry]
        return self.references[numbers[0]] if numbers else None


@lru_cache(maxsize=None)
def load_knowledge(path: Path = KNOWLEDGE_PATH) -> Knowledge:
    with open(path, encoding="utf-8") as handle:
        return Knowledge(yaml.safe_load(handle))
