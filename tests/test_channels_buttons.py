from bot.channels.buttons import NumberedChoices, listed_titles, numbered_list, shorten

BUTTONS = [
    {"title": "What attachment is", "payload": "/ask_what_is_attachment"},
    {"title": "Healing", "payload": "/ask_healing"},
]


def test_buttons_are_listed_by_number_without_their_payloads():
    assert numbered_list(BUTTONS) == "1. What attachment is\n2. Healing"


def test_buttons_that_do_not_fit_are_listed_by_title():
    assert listed_titles(BUTTONS) == "• What attachment is\n• Healing"


def test_a_number_picks_the_newest_buttons_payload_and_anything_else_passes_through():
    choices = NumberedChoices()
    choices.offer("a", BUTTONS)
    assert choices.resolve("a", " 2 ") == "/ask_healing"
    assert choices.resolve("a", "1.") == "/ask_what_is_attachment"
    assert choices.resolve("a", "3") == "3"
    assert choices.resolve("b", "1") == "1"
    assert choices.resolve("a", "2 please") == "2 please"
    choices.forget("a")
    assert choices.resolve("a", "2") == "2"


def test_long_titles_are_cut_with_an_ellipsis_within_the_limit():
    assert shorten("Healing", 20) == "Healing"
    cut = shorten("How attachment shapes mental health", 20)
    assert len(cut) <= 20 and cut.endswith("…")
