"""The crisis detector on its own: categories, idioms, denials, regions, sensitive subjects.

These examples are for the detector's rules; the held-out evaluation set
(tests/eval/crisis_messages.yml) shares none of them (tests/test_crisis_evaluation.py).
"""

import pytest

from bot.crisis.detector import ASK_CRISIS_RESOURCES, CRISIS_DENIED, INFORM_REGION, load_detector
from bot.crisis.normalise import Normaliser, damerau_distance_at_most_one

CATEGORY_EXAMPLES = {
    "crisis_suicide": [
        "i'm going to end my life",
        "sometimes i think everyone would be happier without me",
        "im thinking of offing myself",
        "i have nothing to live for",
        "I'm planning how to end it",
        "wrote my suicide note today",
        "i just took 30 tablets",
        "I'm stockpiling my meds",
        "su1c1dal again",
        "i reallyyy want to diee",
    ],
    "crisis_self_harm": [
        "i cut my wrists again",
        "im hurting myself on purpose",
        "i keep scratching my skin till it bleeds",
    ],
    "crisis_domestic_violence": [
        "my husband punched me",
        "my gf hits me when she's drunk",
        "i'm trapped in an abusive marriage",
    ],
    "crisis_sexual_assault": ["he raped me last night", "i was sexually abused at work", "my ex forced me into sex"],
    "crisis_child_abuse": ["my stepdad hits me", "the girl next door has bruises all the time", "my parents starve me"],
    "crisis_harm_others": ["i'm going to stab my roommate", "i have urges to hurt people"],
    "crisis_danger": ["someone is stalking me and i'm terrified", "a man has a gun outside my house"],
    "crisis_concern_for_other": [
        "my brother wants to kill himself",
        "my friend keeps cutting herself",
        "my mum is suicidal",
    ],
}

NOT_CRISIS = [
    "my exam killed me today",
    "i'm dying to see that film",
    "this song slaps, they killed it",
    "my teacher is going to kill me if i'm late",
    "i nearly died of cringe",
    "i cut myself shaving this morning",
    "i take my pills every morning",
    "we went cliff jumping off a rock",
    "what does the article say about anxious attachment?",
    "kill the music please",
]


@pytest.fixture(scope="module")
def detector():
    return load_detector()


@pytest.mark.parametrize(
    "intent, text", [(intent, text) for intent, texts in CATEGORY_EXAMPLES.items() for text in texts]
)
def test_each_kind_of_crisis_reaches_its_intent(detector, intent, text):
    assessment = detector.assess(text)
    assert assessment.is_crisis
    assert assessment.intent == intent, assessment.signal


@pytest.mark.parametrize("text", NOT_CRISIS)
def test_idioms_and_everyday_speech_do_not_raise_a_crisis(detector, text):
    assert detector.assess(text).intent is None


def test_every_category_in_the_data_has_examples_here(detector):
    assert set(detector.crisis_intents) == set(CATEGORY_EXAMPLES)


def test_a_plain_denial_gets_a_check_in_but_a_qualified_one_is_a_crisis(detector):
    assert detector.assess("i'm not suicidal").intent == CRISIS_DENIED
    assert detector.assess("I would never hurt myself").intent == CRISIS_DENIED
    assert detector.assess("i'm not suicidal but i keep thinking about dying").is_crisis
    assert detector.assess("i would never kill myself, but tonight i want to").is_crisis
    assert detector.assess("i don't want to live anymore").is_crisis


def test_requests_for_the_numbers(detector):
    for text in ["can you give me the hotline again", "who can i call?", "what number should i ring"]:
        assert detector.assess(text).intent == ASK_CRISIS_RESOURCES, text
    assert detector.assess("what is the number of attachment styles?").intent is None


def test_a_region_is_taken_from_how_people_say_where_they_are(detector):
    assert detector.assess("I'm in the UK").region == "uk"
    assert detector.assess("i live in australia").intent == INFORM_REGION
    assert detector.assess("New Zealand").region == "new_zealand"
    assert detector.assess("hi, i'm based in dublin").region == "ireland"
    mixed = detector.assess("im from india and i want to die")
    assert (mixed.intent, mixed.region) == ("crisis_suicide", "india")
    question = detector.assess("is attachment different in india?")
    assert (question.intent, question.region) == (None, None)


def test_sensitive_words_in_ordinary_questions_are_recorded_not_alarmed(detector):
    assessment = detector.assess("how does abusive parenting shape attachment?")
    assert (assessment.intent, assessment.sensitive_subject) == (None, "abuse")
    assert detector.assess("is suicide linked to attachment style?").sensitive_subject == "suicide"
    assert detector.assess("what is secure attachment?").sensitive_subject is None


def test_normalising_restores_leetspeak_long_letters_contractions_and_typos(detector):
    assert detector.normalise("I'm gonna k1ll myslef!!!") == "i am going to kill myself"
    assert detector.normalise("soooo tired, can’t cope") == "so tired cannot cope"
    assert detector.normalise("self-harm") == "self harm"
    assert detector.normalise("I was SA'd") == "i was sexually assaulted"


def test_fuzzy_correction_leaves_protected_words_alone():
    normalise = Normaliser({}, {}, ["overdose", "suicide"], ["overdone"])
    assert normalise("the steak was overdone") == "the steak was overdone"
    assert normalise("suiside") == "suicide"
    assert normalise("subside") == "subside"


def test_damerau_distance_counts_one_edit_including_a_swap():
    assert damerau_distance_at_most_one("myslef", "myself")
    assert damerau_distance_at_most_one("sucide", "suicide")
    assert not damerau_distance_at_most_one("subside", "suicide")
