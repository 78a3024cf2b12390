"""Generate the knowledge file `data/knowledge/article.yml` from the article's text.

Usage: python scripts/build_knowledge.py [--check]
  --check  exit 1 if the committed knowledge file differs from what the article gives.
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.article import parse_article  # noqa: E402
from bot.knowledge import ARTICLE_PATH, KNOWLEDGE_PATH, dump_knowledge  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the file is up to date")
    args = parser.parse_args()

    generated = dump_knowledge(parse_article(ARTICLE_PATH.read_text(encoding="utf-8")))
    if args.check:
        current = KNOWLEDGE_PATH.read_text(encoding="utf-8") if KNOWLEDGE_PATH.exists() else ""
        if current != generated:
            print(f"{KNOWLEDGE_PATH} is out of date: run `make knowledge`", file=sys.stderr)
            return 1
        print(f"{KNOWLEDGE_PATH} is up to date")
        return 0
    KNOWLEDGE_PATH.write_text(generated, encoding="utf-8")
    print(f"wrote {KNOWLEDGE_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
