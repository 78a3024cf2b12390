"""`make audit`: known vulnerabilities in the pinned Python dependencies (requirements.txt).

Two sources, each used when it is there:
- pip-audit, asking PyPI's vulnerability data (the PyPI JSON API) about each pinned version;
- an OSV advisory folder given with --advisories DIR (or AUDIT_ADVISORIES), such as a
  checkout of https://github.com/pypa/advisory-database: every `vulns/<package>/*.yaml`
  whose affected versions or ranges include the pinned version.

Findings listed in security/known-vulnerabilities.yml (each with why it stays and what it
means here) are reported and accepted; any other finding fails (exit 1). When neither
source could audit anything (no network to PyPI's API and no folder), it says so plainly
and exits 0, or 2 with --strict.
"""

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Dict, Iterator, List, NamedTuple, Optional, Set, Tuple

import yaml
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements.txt"
KNOWN = ROOT / "security" / "known-vulnerabilities.yml"
# pip-audit lives in its own venv (`make audit` creates it): it needs a newer `packaging` than Rasa allows.
PIP_AUDIT = os.environ.get("PIP_AUDIT") or str(ROOT / ".venv-audit" / "bin" / "pip-audit")


class Finding(NamedTuple):
    package: str
    version: str
    id: str
    aliases: Tuple[str, ...]
    fixed_in: str
    source: str


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned(path: Path = REQUIREMENTS) -> Dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^]]*\])?==([^\s;#]+)", line)
        if match:
            pins[normalized(match.group(1))] = match.group(2)
    return pins


def pip_audit() -> Tuple[List[Finding], int, int]:
    """Findings; packages audited; packages pip-audit could not audit."""
    command = [PIP_AUDIT, "-r", str(REQUIREMENTS), "--no-deps", "--disable-pip",
               "--progress-spinner", "off", "--format", "json"]
    done = subprocess.run(command, capture_output=True, text=True)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        print(done.stderr.strip()[-2000:], file=sys.stderr)
        return [], 0, len(pinned())
    findings, audited, skipped = [], 0, 0
    for dependency in report.get("dependencies", []):
        if "skip_reason" in dependency:
            skipped += 1
            continue
        audited += 1
        for vulnerability in dependency.get("vulns", []):
            findings.append(Finding(normalized(dependency["name"]), dependency["version"], vulnerability["id"],
                                    tuple(vulnerability.get("aliases", [])),
                                    ", ".join(vulnerability.get("fix_versions", [])), "pip-audit"))
    return findings, audited, skipped


def version_or_none(text: str) -> Optional[Version]:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def in_range(version: Version, events: List[dict]) -> bool:
    """OSV ECOSYSTEM range events, in order: introduced / fixed / last_affected."""
    affected = False
    for event in events:
        if "introduced" in event:
            start = event["introduced"]
            affected = start == "0" or (version_or_none(start) is not None and version >= Version(start))
        elif "fixed" in event and affected and version_or_none(event["fixed"]) and version >= Version(event["fixed"]):
            affected = False
        elif "last_affected" in event and affected and version_or_none(event["last_affected"]) \
                and version > Version(event["last_affected"]):
            affected = False
    return affected


def advisory_findings(folder: Path, pins: Dict[str, str]) -> Iterator[Finding]:
    files: Dict[str, List[Path]] = {}
    for path in sorted((folder / "vulns").glob("*/*.y*ml")):
        files.setdefault(normalized(path.parent.name), []).append(path)
    for package, version_text in sorted(pins.items()):
        version = version_or_none(version_text)
        if version is None:
            continue
        for path in files.get(package, []):
            advisory = yaml.safe_load(path.read_text())
            if advisory.get("withdrawn"):
                continue
            for affected in advisory.get("affected", []):
                if normalized(affected.get("package", {}).get("name", "")) != package:
                    continue
                ranges = [r for r in affected.get("ranges", []) if r.get("type") == "ECOSYSTEM"]
                listed = version_text in [str(v) for v in affected.get("versions", [])]
                if listed or any(in_range(version, r.get("events", [])) for r in ranges):
                    fixes = [e["fixed"] for r in ranges for e in r.get("events", []) if "fixed" in e]
                    yield Finding(package, version_text, advisory["id"], tuple(advisory.get("aliases") or ()),
                                  ", ".join(fixes), f"advisories {folder.name}")
                    break


def known_ids() -> Dict[str, dict]:
    entries = yaml.safe_load(KNOWN.read_text()).get("accepted", [])
    return {entry["id"]: entry for entry in entries}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--advisories", type=Path, default=os.environ.get("AUDIT_ADVISORIES") or None,
                        help="an OSV advisory folder with vulns/<package>/*.yaml")
    parser.add_argument("--strict", action="store_true", help="exit 2 when nothing could be audited")
    args = parser.parse_args()
    pins = pinned()
    findings, audited, skipped = pip_audit()
    print(f"pip-audit (PyPI's vulnerability data): {audited} of {len(pins)} pinned packages audited, "
          f"{skipped} could not be (the service did not answer)")
    if args.advisories:
        findings += list(advisory_findings(args.advisories, pins))
        print(f"OSV advisories in {args.advisories}: all {len(pins)} pinned packages checked")
    elif not audited:
        print("NOT AUDITED: no vulnerability data could be reached. Run `make audit` where PyPI's JSON API answers, "
              "or give an advisory folder: `make audit ADVISORIES=path/to/advisory-database`.")
        return 2 if args.strict else 0
    known = known_ids()
    unique: Dict[Tuple[str, str], Finding] = {}
    for finding in findings:
        unique.setdefault((finding.package, finding.id), finding)
    new: Set[Tuple[str, str]] = set()
    for (package, vulnerability), finding in sorted(unique.items()):
        ids = {vulnerability, *finding.aliases}
        accepted = next((known[i] for i in ids if i in known), None)
        state = "accepted" if accepted else "NEW"
        if not accepted:
            new.add((package, vulnerability))
        print(f"  {state:8} {package}=={finding.version} {vulnerability} (fixed in {finding.fixed_in or '?'})")
    print(f"{len(unique)} findings, {len(unique) - len(new)} accepted in {KNOWN.relative_to(ROOT)}, {len(new)} new")
    return 1 if new else 0


if __name__ == "__main__":
    sys.exit(main())
