import pytest

from bot.article import ArticleFormatError, article_lines, parse_article, render_article, slugify
from bot.knowledge import ARTICLE_PATH

SMALL_ARTICLE = """Home » Test

A Title

First intro paragraph.

Section One

Section one leads into its parts:

Part A

Part A says these things:

  • alpha
  • beta [1]

Part A closes here.

Closing paragraph of the article.

References

  1. Some Body. “A Work.” https://example.org/a
"""


def test_small_article_is_parsed_into_its_parts():
    knowledge = parse_article(SMALL_ARTICLE)
    assert knowledge["title"] == "A Title"
    assert knowledge["intro"] == ["First intro paragraph."]
    [section] = knowledge["sections"]
    assert section["id"] == "section_one"
    [part] = section["subsections"]
    assert part["intro"] == "Part A says these things:"
    assert part["lists"] == [{"label": None, "bullets": ["alpha", "beta"], "reference": 1}]
    assert part["closing"] == "Part A closes here."
    assert knowledge["conclusion"] == ["Closing paragraph of the article."]
    assert knowledge["references"] == [
        {"number": 1, "source": "Some Body", "title": "A Work", "url": "https://example.org/a"}
    ]


def test_rendering_gives_back_every_line_of_the_small_article():
    assert render_article(parse_article(SMALL_ARTICLE)) == article_lines(SMALL_ARTICLE)


def test_rendering_gives_back_every_line_of_the_real_article():
    text = ARTICLE_PATH.read_text(encoding="utf-8")
    assert render_article(parse_article(text)) == article_lines(text)


def test_real_article_has_ten_sections_and_thirty_two_subsections():
    knowledge = parse_article(ARTICLE_PATH.read_text(encoding="utf-8"))
    assert len(knowledge["sections"]) == 10
    assert sum(len(section["subsections"]) for section in knowledge["sections"]) == 32
    assert len(knowledge["references"]) == 10


@pytest.mark.parametrize(
    "broken",
    [
        SMALL_ARTICLE.replace("References\n", ""),
        SMALL_ARTICLE.replace("  • beta [1]\n", "  • beta [1]\n  • gamma\n"),
        SMALL_ARTICLE.replace("https://example.org/a", "no url"),
        SMALL_ARTICLE.replace("  • alpha\n  • beta [1]\n", ""),
    ],
)
def test_unexpected_shapes_are_refused_not_guessed(broken):
    with pytest.raises(ArticleFormatError):
        parse_article(broken)


def test_slugs_are_lowercase_words_joined_by_underscores():
    assert slugify("Anxious/Preoccupied Attachment") == "anxious_preoccupied_attachment"
    assert slugify("What Is Attachment?") == "what_is_attachment"
