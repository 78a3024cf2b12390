"""Every line of every topic answer is quoted from the article."""

import re

import pytest

from actions.answers import answer_text, related_buttons
from actions.topics import load_catalog
from bot.knowledge import ARTICLE_PATH, load_knowledge

REFERENCE_PREFIX = "Reference: "
CATALOG = load_catalog()


@pytest.fixture(scope="module")
def article_lines():
    """The article's lines, bullets without their glyph, also without a closing `[n]` marker."""
    lines = {line.strip().lstrip("•").strip() for line in ARTICLE_PATH.read_text(encoding="utf-8").splitlines()}
    return lines | {re.sub(r" \[\d+\]$", "", line) for line in lines}


@pytest.mark.parametrize("intent", list(CATALOG.topics))
def test_every_line_of_an_answer_is_a_line_of_the_article(intent, article_lines):
    text = answer_text(CATALOG[intent], load_knowledge())
    for line in filter(None, text.splitlines()):
        quoted = line[len(REFERENCE_PREFIX) :] if line.startswith(REFERENCE_PREFIX) else line
        quoted = quoted.lstrip("•").strip()
        if quoted[:3].rstrip(".").isdigit():  # a reference entry, printed as the article numbers it
            quoted = quoted.split(". ", 1)[1]
            assert any(quoted in article_line for article_line in article_lines), line
        else:
            assert quoted in article_lines, line


def test_a_style_answer_leads_with_its_point_then_its_bullets():
    text = answer_text(CATALOG["ask_avoidant_causes"], load_knowledge())
    assert text.splitlines()[0] == "Avoidant/Dismissive Attachment"
    assert text.index("consistently emotionally unavailable") < text.index("• Minimal response to emotional needs")
    assert "Reference: 5. National Institutes of Health." in text
    assert "Discomfort with emotional intimacy" not in text  # adult signs belong to another answer


def test_the_reference_is_given_where_the_section_has_one():
    knowledge = load_knowledge()
    assert "Reference: 10." in answer_text(CATALOG["ask_earned_security"], knowledge)
    assert "Reference" not in answer_text(CATALOG["ask_self_worth"], knowledge)


def test_a_section_overview_lists_its_subsections():
    text = answer_text(CATALOG["ask_mental_health_pathways"], load_knowledge())
    for title in ["Emotion Regulation Capacity", "Self-Perception and Worth", "Stress Response Systems"]:
        assert f"• {title}" in text


def test_sources_list_all_ten_references():
    text = answer_text(CATALOG["ask_sources"], load_knowledge())
    assert text.count("https://") == 10


def test_buttons_lead_to_related_topics():
    buttons = related_buttons(CATALOG["ask_anxious_signs"], CATALOG)
    assert buttons[0] == {"title": "Anxious: mental health", "payload": "/ask_anxious_mental_health"}
    assert 2 <= len(buttons) <= 3
