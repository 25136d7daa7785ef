"""Clitic-aware matching: positive cases from the seeds and look-alikes."""

import pytest

from framing import QueryError, clitic_forms, matches


@pytest.mark.parametrize(
    "token, query",
    [
        ("للإطاحة", "الإطاحة"),  # ل + ال written لل (002, 004)
        ("للإطاحة", "إطاحة"),
        ("للغزو", "الغزو"),  # 001, 002
        ("للغزو", "غزو"),
        ("الغزو", "غزو"),  # article in the text only
        ("غزو", "الغزو"),  # article in the query only
        ("بالانسحاب", "انسحاب"),  # ب + ال (002)
        ("وانسحاب", "الانسحاب"),  # و (003)
        ("انسحابًا", "انسحاب"),  # tanween alef (004)
        ("والسيادة", "سيادة"),  # و + ال (001)
        ("وسيادة", "السيادة"),  # 000, 002
        ("فالجهاديون", "جهاديون"),  # ف + ال
        ("كجزء", "جزء"),  # ك (000)
        ("لمحاربة", "محاربة"),  # ل (000)
        ("وللإطاحة", "الإطاحة"),  # و + لل
        ("الامریکیة", "الأمريكية"),  # Farsi letters in the text (003)
        ("الالتزام", "التزام"),  # a word whose own letters start with ال
        ("هجومها", "هجوم*"),  # wildcard for a pronoun suffix (000)
    ],
)
def test_clitic_matches(token, query):
    assert matches(token, query)


@pytest.mark.parametrize(
    "token, query",
    [
        ("مسلم", "سلم"),  # م is not a clitic
        ("غزوة", "غزو"),  # ة is not a suffix the rule strips
        ("هجومها", "هجوم"),  # pronoun suffixes are not stripped
        ("تعمل", "عمل"),  # verb prefix ت (001)
        ("عملية", "عمل"),
        ("انسحبوا", "انسحاب"),  # the verb (003)
        ("السحاب", "انسحاب"),  # ISRI merges these two
        ("الأمريكيين", "الأمريكية"),
        ("لال" + "غزو", "غزو"),  # ل + ال is spelled لل, never لال
    ],
)
def test_no_look_alike_hits(token, query):
    assert not matches(token, query)


def test_exact_mode_needs_the_word_itself():
    assert matches("الإطاحة", "الاطاحة", mode="exact")  # normalised on both sides
    assert not matches("للإطاحة", "الإطاحة", mode="exact")
    assert not matches("الغزو", "غزو", mode="exact")


def test_regex_mode_matches_whole_normalised_tokens():
    assert matches("الأمريكية", "ال(ا|أ)مر[يی]كية", mode="regex")
    assert not matches("الأمريكيين", "الامريكي", mode="regex")  # fullmatch, not search


def test_clitic_forms_lists_the_spellings_a_student_can_check():
    forms = clitic_forms("غزو")
    for form in ["غزو", "الغزو", "للغزو", "بالغزو", "والغزو", "فللغزو", "غزوا"]:
        assert form in forms
    assert "لالغزو" not in forms and "غزوة" not in forms


@pytest.mark.parametrize(
    "query, message",
    [
        ("", "The query is empty"),
        ("   ", "The query is empty"),
        ("،", "has no letter or digit"),
        ("*", "has no letter or digit"),
    ],
)
def test_bad_queries_are_named(query, message):
    with pytest.raises(QueryError, match=message):
        matches("غزو", query)


def test_bad_mode_and_regex_are_named():
    with pytest.raises(QueryError, match="The 'mode' parameter must be one of 'clitic', 'exact', 'regex'. Got 'stem' instead."):
        matches("غزو", "غزو", mode="stem")
    with pytest.raises(QueryError, match="not a valid regular expression"):
        matches("غزو", "غزو(", mode="regex")
    with pytest.raises(QueryError, match="has 2 words"):
        matches("غزو", "عملية عسكرية")
