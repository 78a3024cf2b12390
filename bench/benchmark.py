"""Benchmark our configuration (config.yml) against Rasa's default pipeline
(bench/default_config.yml) on the same data, in one run on this machine (`make bench`).

For each configuration:
- training time, with an empty cache;
- topic accuracy on the held-out questions;
- cold start: from launching `rasa run` to its first answer to a topic question;
- memory (RSS) of the Rasa server after the one-user run;
- reply latency p50/p95 for one user over REST, action server included;
- in the production profile (nginx, 2 Rasa servers, 2 action servers, PostgreSQL, Redis),
  each a bounded load that stops by itself after --seconds:
  - saturation: 10 and 50 concurrent conversations, each sending its next turn as soon as
    the last was answered (no time to read or type): turns answered per second is the
    capacity, and latency is about conversations / capacity;
  - paced: 50 concurrent conversations sending 150 and 200 turns per second in all, evenly
    spread, each conversation's turn at its time or as soon as its last was answered:
    latency when the turns come at that rate.

Prints a table with our/default ratios, writes bench/out/benchmark.json and a plot of
latency against concurrency (bench/out/latency.png).

    python bench/benchmark.py [--turns 200] [--seconds 20] [--only ours]
"""

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import warnings
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
warnings.filterwarnings("ignore")

import aiohttp  # noqa: E402
from evaluate import accuracy, evaluate, load_held_out  # noqa: E402
from local_servers import ENV, RASA, action_server, endpoints_with_actions_port, free_port, rss_mb, stop  # noqa: E402
from serve_prod import free_ports, production_stack  # noqa: E402

CONFIGS = {"ours": ROOT / "config.yml", "default": ROOT / "bench" / "default_config.yml"}
OUT = ROOT / "bench" / "out"
CONCURRENCY = (10, 50)  # saturation loads
PACED = (150, 200)  # turns per second offered by 50 conversations
PACED_CONVERSATIONS = 50
# A conversation as people have it: a question, follow-ups, another style, a crisis-free aside.
CONVERSATION = [
    "what is secure attachment?",
    "what causes it?",
    "and in adults?",
    "what about avoidant?",
    "how can I heal my attachment wounds?",
    "tell me more",
    "thanks",
]


def percentile(values: List[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else float("nan")


def train(name: str, config: Path) -> "tuple[Path, float]":
    with tempfile.TemporaryDirectory() as cache:
        started = time.perf_counter()
        subprocess.run(
            [RASA, "train", "--config", str(config), "--fixed-model-name", name, "--out", str(OUT)],
            cwd=ROOT,
            env={**ENV, "RASA_CACHE_DIRECTORY": cache},
            check=True,
            capture_output=True,
        )
        return OUT / f"{name}.tar.gz", time.perf_counter() - started


def post(url: str, sender: str, text: str) -> int:
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
        return response.status


def one_user(model: Path, actions_port: int, turns: int) -> Dict[str, float]:
    """Cold start to the first answer, then `turns` sequential REST turns; the server's RSS after."""
    port = free_port()
    endpoints = endpoints_with_actions_port(actions_port, OUT / f"endpoints-{actions_port}.yml")
    args = ["run", "--model", str(model), "--endpoints", str(endpoints), "--credentials", "credentials.yml"]
    args += ["--port", str(port), "--interface", "127.0.0.1"]
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    with open(OUT / f"{model.stem}-server.log", "w") as log:
        started = time.perf_counter()
        process = subprocess.Popen([RASA, *args], cwd=ROOT, env=ENV, stdout=log, stderr=subprocess.STDOUT)
        try:
            while True:
                try:
                    post(url, "cold-start", CONVERSATION[0])
                    break
                except OSError as error:
                    if process.poll() is not None or time.perf_counter() - started > 600:
                        raise RuntimeError(f"{model.stem}: the server did not answer; see its log") from error
                    time.sleep(0.05)
            cold_start = time.perf_counter() - started
            latencies = []
            for turn in range(turns):
                sent = time.perf_counter()
                post(url, f"one-user-{turn // len(CONVERSATION)}", CONVERSATION[turn % len(CONVERSATION)])
                latencies.append((time.perf_counter() - sent) * 1000)
            return {
                "cold_start_s": cold_start,
                "rss_mb": rss_mb(process.pid),
                "p50_ms": percentile(latencies, 0.5),
                "p95_ms": percentile(latencies, 0.95),
            }
        finally:
            stop(process)


async def bounded_load(url: str, conversations: int, seconds: float, rate: float = None) -> Dict[str, float]:
    """`conversations` people for `seconds`, each sending its next turn as soon as the last was
    answered, or, with `rate`, at its time in an even schedule of `rate` turns per second in
    all (and never before its last was answered); turns answered per second and latency
    percentiles, and for a schedule the turns sent more than 50 ms late."""
    latencies: List[float] = []
    errors = late = 0
    started = time.perf_counter()

    async def person(session: aiohttp.ClientSession, number: int) -> None:
        nonlocal errors, late
        turn = 0
        while True:
            if rate:
                due = started + (number + turn * conversations) / rate
                if due - started >= seconds:
                    return
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
                late += time.perf_counter() - due > 0.05
            elif time.perf_counter() - started >= seconds:
                return
            body = {"sender": f"load-{conversations}-{rate}-{number}-{turn // len(CONVERSATION)}",
                    "message": CONVERSATION[turn % len(CONVERSATION)]}
            turn += 1
            sent = time.perf_counter()
            try:
                async with session.post(url, json=body) as response:
                    await response.read()
                    if response.status != 200:
                        errors += 1
                        continue
            except aiohttp.ClientError:
                errors += 1
                continue
            latencies.append((time.perf_counter() - sent) * 1000)

    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=0)) as session:
        await asyncio.gather(*(person(session, n) for n in range(conversations)))
    elapsed = time.perf_counter() - started
    return {
        "turns_per_s": len(latencies) / elapsed,
        "p50_ms": percentile(latencies, 0.5),
        "p95_ms": percentile(latencies, 0.95),
        "errors": errors,
        "late": late,
    }


def load_name(conversations: int, rate: float = None) -> str:
    return f"{conversations} conversations" + (f" at {rate:g} turns/s" if rate else "")


def under_load(model: Path, seconds: float) -> Dict[str, Dict[str, float]]:
    scratch = Path(tempfile.mkdtemp(prefix="attachment-bot-bench-"))
    scratch.chmod(0o755)
    ports = free_ports()
    loads = [(n, None) for n in CONCURRENCY] + [(PACED_CONVERSATIONS, rate) for rate in PACED]
    try:
        with production_stack(scratch / "prod", ports, scratch / "postgres", model=model) as stack:
            url = stack.url + "/webhooks/rest/webhook"
            asyncio.run(bounded_load(url, 10, 3))  # warm-up
            return {load_name(n, rate): asyncio.run(bounded_load(url, n, seconds, rate)) for n, rate in loads}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def plot(results: Dict[str, dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (saturated, paced) = plt.subplots(1, 2, figsize=(11, 4.5), sharey=True)
    for name, result in results.items():
        for share, style in (("p50_ms", "--"), ("p95_ms", "-")):
            values = [result[share]] + [result["load"][load_name(n)][share] for n in CONCURRENCY]
            saturated.plot([1, *CONCURRENCY], values, style, marker="o", label=f"{name} {share[:3]}")
            values = [result["load"][load_name(PACED_CONVERSATIONS, rate)][share] for rate in PACED]
            paced.plot(PACED, values, style, marker="o", label=f"{name} {share[:3]}")
    saturated.set_xscale("log")
    saturated.set_xticks([1, *CONCURRENCY], labels=["1", *map(str, CONCURRENCY)])
    saturated.set_xlabel("concurrent conversations, no pause between turns\n"
                         "(1: one user, one server; 10, 50: production profile)")
    saturated.set_ylabel("reply latency (ms), action server included")
    saturated.set_title("Latency against concurrency")
    paced.set_xticks(PACED)
    paced.set_xlabel(f"turns per second sent by {PACED_CONVERSATIONS} conversations (production profile)")
    paced.set_title("Latency against offered load")
    for axes in (saturated, paced):
        axes.grid(True, alpha=0.3)
        axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=120)


def table(results: Dict[str, dict]) -> str:
    rows = [
        ("training time (s)", lambda r: r["train_s"]),
        ("held-out topic accuracy", lambda r: r["accuracy"]),
        ("cold start to first answer (s)", lambda r: r["cold_start_s"]),
        ("server memory RSS (MB)", lambda r: r["rss_mb"]),
        ("one user: p50 (ms)", lambda r: r["p50_ms"]),
        ("one user: p95 (ms)", lambda r: r["p95_ms"]),
    ]
    for load in next(iter(results.values()))["load"]:
        rows += [
            (f"{load}: turns/s", lambda r, load=load: r["load"][load]["turns_per_s"]),
            (f"{load}: p50 (ms)", lambda r, load=load: r["load"][load]["p50_ms"]),
            (f"{load}: p95 (ms)", lambda r, load=load: r["load"][load]["p95_ms"]),
            (f"{load}: errors", lambda r, load=load: r["load"][load]["errors"]),
        ]
        if " at " in load:
            rows.append((f"{load}: sent late", lambda r, load=load: r["load"][load]["late"]))
    names = list(results)
    width = max(len(label) for label, _ in rows) + 2
    header = f"{'measure':<{width}}" + "".join(f"{name:>12}" for name in names)
    lines = [header + ("  ours/default" if len(names) == 2 else "")]
    for label, value in rows:
        values = [value(results[name]) for name in names]
        line = f"{label:<{width}}" + "".join(f"{v:>12.2f}" for v in values)
        if len(names) == 2:
            line += f"{values[0] / values[1]:>14.2f}" if values[1] else f"{'-':>14}"
        lines.append(line)
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--turns", type=int, default=200, help="one-user REST turns per configuration")
    parser.add_argument("--seconds", type=float, default=20, help="length of each bounded load")
    parser.add_argument("--only", choices=list(CONFIGS), help="measure one configuration")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    held_out = load_held_out()["questions"]
    results: Dict[str, dict] = {}
    for name, config in CONFIGS.items():
        if args.only and name != args.only:
            continue
        print(f"[{name}] training with an empty cache ...", flush=True)
        model, seconds = train(name, config)
        result = {"train_s": seconds, "accuracy": accuracy(asyncio.run(evaluate(model, held_out)))}
        print(f"[{name}] cold start and {args.turns} one-user turns ...", flush=True)
        with action_server(OUT / f"{name}-actions.log") as actions:
            result.update(one_user(model, actions.port, args.turns))
        print(f"[{name}] production profile: {', '.join(map(str, CONCURRENCY))} conversations, then "
              f"{PACED_CONVERSATIONS} at {', '.join(map(str, PACED))} turns/s ...", flush=True)
        result["load"] = under_load(model, args.seconds)
        results[name] = result
    print()
    print(table(results))
    print(f"\n(one user: {args.turns} turns; loads: {args.seconds:g} s each; machine: {os.cpu_count()} cores)")
    (OUT / "benchmark.json").write_text(json.dumps(results, indent=2))
    plot(results, OUT / "latency.png")
    print(f"Plot: {OUT / 'latency.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
