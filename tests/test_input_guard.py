"""The input guard: what reaches Rasa instead of the raw text, on every channel."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.input_guard import EMPTY_MESSAGE, MESSAGE_TOO_LONG, chunks, load_guard

guard = load_guard()


@pytest.mark.parametrize("text", [None, "", "   ", "\n\t ", "\x00\x07", 42, {"text": "hi"}])
def test_empty_missing_and_non_text_messages_get_the_empty_message_prompt(text):
    assert guard.admit(text) == EMPTY_MESSAGE


def test_control_characters_are_removed_and_line_breaks_kept():
    assert guard.admit("what is\x00 secure\x1b attachment?\nthanks\x7f") == "what is secure attachment?\nthanks"


@pytest.mark.parametrize("payload", ["/ask_healing", "/ask_what_is_attachment", "/greet", "/ask_crisis_resources"])
def test_the_bots_own_buttons_and_controls_pass_as_payloads(payload):
    assert guard.admit(payload) == payload


@pytest.mark.parametrize(
    "typed, admitted",
    [
        ("/crisis_denied", "crisis_denied"),
        ('/greet{"region": "uk"}', 'greet{"region": "uk"}'),
        ('/inform_region{"region": "uk"}', 'inform_region{"region": "uk"}'),
        ("/ask_healing@0.9", "ask_healing@0.9"),
        ("//restart", "restart"),
        ("/", EMPTY_MESSAGE),
    ],
)
def test_any_other_slash_message_is_read_as_words(typed, admitted):
    assert guard.admit(typed) == admitted


def test_an_over_long_message_is_declined_without_nlu():
    assert guard.admit("I wonder about my attachment style. " * 200) == MESSAGE_TOO_LONG


def test_a_crisis_inside_an_over_long_message_still_reaches_nlu():
    story = "My week was long and I kept thinking about my parents. " * 100
    admitted = guard.admit(story + "Honestly I want to kill myself tonight. " + story)
    assert admitted not in (MESSAGE_TOO_LONG, EMPTY_MESSAGE)
    assert "kill myself" in admitted and len(admitted) <= guard.max_characters


def test_chunks_overlap_so_no_sentence_is_lost_at_a_boundary():
    text = " ".join(f"word{n}" for n in range(3000))
    pieces = list(chunks(text, 500))
    assert all(len(piece) <= 500 for piece in pieces)
    assert all(f"word{n}" in " ".join(pieces) for n in range(3000))
    for sentence_start in range(0, len(text) - 100, 37):
        sentence = text[sentence_start : sentence_start + 100]
        assert any(sentence in piece for piece in pieces)


text_anything = st.text(alphabet=st.characters(), max_size=3000)
rtl_and_emoji = st.text(alphabet=st.sampled_from("שלום عربي مرحبا 😀👨‍👩‍👧 \u200f\u202e/{}\"x\n"), max_size=400)


@settings(max_examples=300, deadline=None)
@given(st.one_of(text_anything, rtl_and_emoji))
def test_any_text_comes_out_as_a_bounded_clean_message_or_an_allowed_payload(text):
    admitted = guard.admit(text)
    assert isinstance(admitted, str) and admitted
    assert len(admitted) <= guard.max_characters
    assert not any(ord(c) < 32 and c not in "\n\t" for c in admitted)
    if admitted.startswith("/"):
        assert admitted in guard.allowed_payloads | {EMPTY_MESSAGE, MESSAGE_TOO_LONG}


@settings(max_examples=20, deadline=None)
@given(st.integers(min_value=2001, max_value=1_000_000))
def test_huge_messages_are_declined_whatever_their_size(size):
    assert guard.admit("a" * size) == MESSAGE_TOO_LONG
