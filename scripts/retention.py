"""Delete conversations whose newest message is older than N days (default 30) from the
tracker store that endpoints.yml configures. Run daily, e.g. from cron: `make retention`.

    python scripts/retention.py [--days 30] [--endpoints endpoints.yml]
"""

import argparse
import sys
import time
from pathlib import Path

from rasa.core.tracker_store import create_tracker_store
from rasa.shared.core.domain import Domain
from rasa.utils.endpoints import read_endpoint_config

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bot.stores import ForgettingSQLTrackerStore  # noqa: E402

DEFAULT_DAYS = 30


def delete_old_conversations(endpoints: Path, days: float) -> int:
    config = read_endpoint_config(str(endpoints), "tracker_store")
    store = create_tracker_store(config, Domain.empty())
    store = getattr(store, "_tracker_store", store)  # Rasa wraps it in a fail-safe store
    if not isinstance(store, ForgettingSQLTrackerStore):
        print(f"{endpoints}: the tracker store keeps conversations in memory only; nothing is stored to delete.")
        return 0
    deleted = store.delete_older_than(time.time() - days * 86400)
    print(f"Deleted {deleted} events of conversations older than {days:g} days.")
    return deleted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=float, default=DEFAULT_DAYS)
    parser.add_argument("--endpoints", type=Path, default=ROOT / "endpoints.yml")
    args = parser.parse_args()
    delete_old_conversations(args.endpoints, args.days)


if __name__ == "__main__":
    main()
