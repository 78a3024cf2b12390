"""The dependency audit: pins read from requirements.txt, OSV advisories matched to the pinned
versions, accepted findings pass, new ones fail, and no data at all is said plainly."""

import sys

import pytest
import yaml

from tests.rasa_cli import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import audit_dependencies as audit  # noqa: E402


def advisory(folder, package, identifier, events=None, versions=(), withdrawn=None):
    path = folder / "vulns" / package / f"{identifier}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    affected = {"package": {"name": package, "ecosystem": "PyPI"}, "versions": list(versions)}
    if events:
        affected["ranges"] = [{"type": "ECOSYSTEM", "events": events}]
    data = {"id": identifier, "aliases": [f"CVE-{identifier}"], "affected": [affected]}
    if withdrawn:
        data["withdrawn"] = withdrawn
    path.write_text(yaml.safe_dump(data))


def test_every_pin_of_requirements_is_read():
    pins = audit.pinned()
    assert pins["rasa"] == "3.6.21" and pins["rasa-sdk"] == "3.6.2" and pins["python-socketio"] == "5.8.0"
    assert len(pins) == sum(1 for line in (ROOT / "requirements.txt").read_text().splitlines() if "==" in line)


def test_advisories_match_the_pinned_versions_only(tmp_path):
    advisory(tmp_path, "aiohttp", "A-1", [{"introduced": "0"}, {"fixed": "3.9.2"}])  # fixed before our pin
    advisory(tmp_path, "aiohttp", "A-2", [{"introduced": "3.9.0"}, {"fixed": "3.10.11"}])  # ours is affected
    advisory(tmp_path, "Sanic", "S-1", [{"introduced": "21.0"}, {"last_affected": "21.12.2"}])  # name normalised
    advisory(tmp_path, "sanic", "S-2", [{"introduced": "0"}, {"last_affected": "21.12.1"}])
    advisory(tmp_path, "requests", "R-1", versions=["2.34.2"])  # listed version, no range
    advisory(tmp_path, "requests", "R-2", versions=["2.34.2"], withdrawn="2025-01-01T00:00:00Z")
    pins = {"aiohttp": "3.9.5", "sanic": "21.12.2", "requests": "2.34.2", "jinja2": "3.1.6"}
    found = {(f.package, f.id, f.fixed_in) for f in audit.advisory_findings(tmp_path, pins)}
    assert found == {("aiohttp", "A-2", "3.10.11"), ("sanic", "S-1", ""), ("requests", "R-1", "")}


@pytest.fixture()
def unreachable_pypi(monkeypatch):
    monkeypatch.setattr(audit, "pip_audit", lambda: ([], 0, len(audit.pinned())))


def test_a_new_finding_fails_and_an_accepted_one_passes(tmp_path, monkeypatch, capsys, unreachable_pypi):
    advisory(tmp_path, "aiohttp", "A-2", [{"introduced": "3.9.0"}, {"fixed": "3.10.11"}])
    monkeypatch.setattr(sys, "argv", ["audit", "--advisories", str(tmp_path)])
    known = tmp_path / "known.yml"
    monkeypatch.setattr(audit, "KNOWN", known)
    monkeypatch.setattr(audit, "ROOT", tmp_path)
    known.write_text("accepted: []\n")
    assert audit.main() == 1
    assert "NEW      aiohttp==3.9.5 A-2 (fixed in 3.10.11)" in capsys.readouterr().out
    known.write_text(yaml.safe_dump({"accepted": [{"id": "CVE-A-2", "package": "aiohttp", "why": "Rasa pins it"}]}))
    assert audit.main() == 0
    assert "accepted aiohttp==3.9.5 A-2" in capsys.readouterr().out


def test_no_data_at_all_is_said_plainly(monkeypatch, capsys, unreachable_pypi):
    monkeypatch.setattr(sys, "argv", ["audit"])
    monkeypatch.delenv("AUDIT_ADVISORIES", raising=False)
    assert audit.main() == 0
    assert "NOT AUDITED" in capsys.readouterr().out
    monkeypatch.setattr(sys, "argv", ["audit", "--strict"])
    assert audit.main() == 2
