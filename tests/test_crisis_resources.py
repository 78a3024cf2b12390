"""The support lines: every required region, real numbers or links, sources and fresh checks."""

import re
from datetime import date, timedelta

import pytest

from bot.crisis.resources import SPECIALIST_LINES, load_resources

REQUIRED_REGIONS = {"us", "uk", "canada", "australia", "ireland", "new_zealand", "india"}
# How long a checked number may go unchecked before the tests ask for it to be checked again.
RECHECK_AFTER = timedelta(days=365)


@pytest.fixture(scope="module")
def resources():
    return load_resources()


def test_every_required_region_and_an_international_default_are_there(resources):
    assert REQUIRED_REGIONS <= set(resources.regions)
    default = resources.regions[resources.default_region]
    assert "findahelpline.com" in default["crisis_line"]["text"]
    assert default["emergency_number"]["text"] == "your local emergency number"


@pytest.mark.parametrize("region", sorted(REQUIRED_REGIONS))
def test_each_region_has_a_crisis_line_with_a_real_number_and_an_emergency_number(resources, region):
    entry = resources.regions[region]
    assert re.search(r"\d{3}", entry["crisis_line"]["text"])
    assert re.fullmatch(r"\d{3}( or \d{3})?", entry["emergency_number"]["text"])
    assert entry["names"] and entry["locales"]


def test_every_entry_names_its_source_and_was_checked_within_a_year(resources):
    for region, kind, entry in resources.entries():
        assert entry["source"].startswith("https://"), (region, kind)
        assert isinstance(entry["last_checked"], date), (region, kind)
        assert date.today() - entry["last_checked"] <= RECHECK_AFTER, f"re-check {region} {kind} at its source"


def test_specialist_lines_exist_where_a_national_one_does(resources):
    for region in REQUIRED_REGIONS - {"canada"}:
        assert all(line in resources.regions[region] for line in SPECIALIST_LINES), region
    assert "sexual_assault" not in resources.regions["canada"]


def test_template_variables_fall_back_to_the_international_default(resources):
    unknown = resources.template_variables(None)
    assert unknown == resources.template_variables("atlantis")
    assert "findahelpline.com" in unknown["crisis_line"] and unknown["region_prompt"]
    canada = resources.template_variables("canada")
    assert canada["region_prompt"] == ""
    assert canada["sexual_assault_line"] == unknown["sexual_assault_line"]
    assert "988" in canada["crisis_line"]


def test_language_tags_map_to_regions(resources):
    assert resources.region_for_locale("en-GB") == "uk"
    assert resources.region_for_locale("en_au") == "australia"
    assert resources.region_for_locale("fr-CA") == "canada"
    assert resources.region_for_locale("en") is None
    assert resources.region_for_locale(None) is None
