"""Compare our pipeline (config.yml) with Rasa's default one (bench/default_config.yml).

On the same training data and in one run, for each configuration: training time
(with an empty cache), memory of the serving Rasa server, topic accuracy on the
held-out questions, and REST reply latency p50/p95 for one user (action server
included). Prints a table with our/default ratios.

Usage: python bench/compare_pipelines.py [--turns 200]
"""

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
warnings.filterwarnings("ignore")

from evaluate import accuracy, evaluate, load_held_out  # noqa: E402
from local_servers import ENV, RASA, action_server, endpoints_with_actions_port, free_port, server  # noqa: E402

CONFIGS = {"ours": ROOT / "config.yml", "default": ROOT / "bench" / "default_config.yml"}
OUT = ROOT / "bench" / "out"


def train(name: str, config: Path) -> "tuple[Path, float]":
    with tempfile.TemporaryDirectory() as cache:
        env = {**ENV, "RASA_CACHE_DIRECTORY": cache}
        started = time.perf_counter()
        subprocess.run(
            [RASA, "train", "--config", str(config), "--fixed-model-name", name, "--out", str(OUT)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        return OUT / f"{name}.tar.gz", time.perf_counter() - started


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values, share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure_latency(model: Path, actions_port: int, turns: int, questions) -> "tuple[float, float, float]":
    rasa_port = free_port()
    endpoints = endpoints_with_actions_port(actions_port, OUT / f"endpoints-{actions_port}.yml")
    args = [
        "run",
        "--model",
        str(model),
        "--endpoints",
        str(endpoints),
        "--port",
        str(rasa_port),
        "--interface",
        "127.0.0.1",
        "--credentials",
        "credentials.yml",
    ]
    with server(args, f"http://127.0.0.1:{rasa_port}/", OUT / f"{model.stem}-server.log", seconds=300) as process:
        url = f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook"
        latencies = []
        for turn in range(turns):
            body = json.dumps({"sender": f"bench-{turn // 10}", "message": questions[turn % len(questions)]}).encode()
            request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
            latencies.append((time.perf_counter() - started) * 1000)
        return percentile(latencies, 0.5), percentile(latencies, 0.95), rss_mb(process.pid)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=200, help="REST turns per configuration")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)

    held_out = load_held_out()["questions"]
    questions = [q for texts in held_out.values() for q in texts]
    results = {}
    with action_server(OUT / "actions.log") as actions:
        for name, config in CONFIGS.items():
            print(f"[{name}] training with an empty cache ...", flush=True)
            model, seconds = train(name, config)
            share = accuracy(asyncio.run(evaluate(model, held_out)))
            print(f"[{name}] serving {args.turns} REST turns ...", flush=True)
            p50, p95, rss = measure_latency(model, actions.port, args.turns, questions)
            results[name] = {"train_s": seconds, "accuracy": share, "p50_ms": p50, "p95_ms": p95, "rss_mb": rss}

    ours, default = results["ours"], results["default"]
    print(f"\n{'measure':<28}{'ours':>10}{'default':>10}{'ours/default':>14}")
    for key, label in [
        ("train_s", "training time (s)"),
        ("rss_mb", "server memory RSS (MB)"),
        ("p50_ms", "REST latency p50 (ms)"),
        ("p95_ms", "REST latency p95 (ms)"),
        ("accuracy", "held-out topic accuracy"),
    ]:
        print(f"{label:<28}{ours[key]:>10.3f}{default[key]:>10.3f}{ours[key] / default[key]:>14.2f}")
    print(f"\n(turns per configuration: {args.turns}; machine: {os.cpu_count()} cores)")
    (OUT / "compare_pipelines.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
