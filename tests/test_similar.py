"""framing.grading.similar: pairs of alike hand-graded answers, for the instructor to read."""

from __future__ import annotations

import pytest

from framing.errors import FramingError
from framing.grading.similar import COLUMNS, similar_answers

# Eleven words; the second spelling differs only in harakat, alef forms (أ إ آ -> ا) and taa marbuta / haa.
PLAIN = "أعلنت الحكومة إنهاء العملية العسكرية بعد ثلاثة أسابيع من القتال العنيف"
SPELT = "أعلنَتْ الحكومه انهاء العمليّة العسكريه بعدَ ثلاثه اسابيع مِن القتال العنيف"
OTHER = "تصف الصحيفة المقاتلين بالميليشيات وهي كلمة تحمل حكما سلبيا واضحا على القارئ"


def said(text, *, blank=False, found=True):
    return {"text": text, "blank": blank, "found": found}


def test_spelling_variants_are_the_same_answer():
    out = similar_answers({"zaid": {"q9": said(SPELT)}, "amal": {"q9": said(PLAIN)}})
    assert list(out.columns) == COLUMNS
    assert len(out) == 1
    row = out.iloc[0]
    assert (row.question, row.student_a, row.student_b) == ("q9", "amal", "zaid")
    assert row.similarity == pytest.approx(1.0)
    assert row.reason == "same words after normalisation"


def test_the_article_and_proclitics_come_off_as_in_tfidf_terms():
    # والحكومة, للحكومة and الحكومة are one term (framing.terms.term): the same answer
    rest = "أعلنت إنهاء العملية العسكرية بعد ثلاثة أسابيع من القتال"
    out = similar_answers({"a": {"q1": said(f"{rest} والحكومة")}, "b": {"q1": said(f"{rest} للحكومة")}})
    assert out.similarity.tolist() == [pytest.approx(1.0)] and out.reason[0] == "same words after normalisation"
    # a و typed apart is a word of its own: ten shared terms (idf 1) and و in b only (idf 1 + ln 3/2 = 1.405):
    # 10 / sqrt(10 * (10 + 1.405**2)) = 0.914
    out = similar_answers({"a": {"q1": said(f"{rest} والحكومة")}, "b": {"q1": said(f"{rest} و الحكومة")}})
    assert out.similarity[0] == pytest.approx(0.914, abs=0.002)
    assert out.reason[0].startswith("10 shared terms: ") and "والحكومه" not in out.reason[0]
    assert similar_answers({"a": {"q1": said(f"{rest} والحكومة")}, "b": {"q1": said(f"{rest} و الحكومة")}},
                           threshold=0.95).empty


def test_different_answers_are_not_flagged():
    out = similar_answers({"a": {"q1": said(PLAIN)}, "b": {"q1": said(OTHER)}})
    assert out.empty
    assert list(out.columns) == COLUMNS


def test_a_third_different_answer_is_left_out():
    answers = {"a": {"q1": said(PLAIN)}, "b": {"q1": said(OTHER)}, "c": {"q1": said(SPELT)}}
    out = similar_answers(answers)
    assert out[["student_a", "student_b"]].values.tolist() == [["a", "c"]]


def test_short_answers_are_never_flagged():
    short = "الكلمة منحازة لأنها تصف المقاتلين"  # five tokens
    answers = {"a": {"q1": said(short)}, "b": {"q1": said(short)}}
    assert similar_answers(answers).empty
    assert similar_answers(answers, min_terms=6).empty
    assert len(similar_answers(answers, min_terms=5)) == 1  # five is not fewer than five


def test_blank_and_missing_answers_are_never_flagged():
    assert similar_answers({"a": {"q1": said(PLAIN)}, "b": {"q1": said(PLAIN, blank=True)}}).empty
    assert similar_answers({"a": {"q1": said(PLAIN)}, "b": {"q1": said(PLAIN, found=False)}}).empty
    assert similar_answers({"a": {"q1": said(PLAIN, blank=True)}, "b": {"q1": said(PLAIN, blank=True)}}).empty


def test_identical_notebooks_make_a_row_of_their_own_first():
    same, other = "ab" * 32, "cd" * 32
    answers = {"a": {"q1": said(PLAIN)}, "b": {"q1": said(PLAIN)}, "c": {"q1": said(OTHER)}}
    out = similar_answers(answers, notebooks={"b": same, "c": other, "a": same})
    assert out.values.tolist() == [
        ["", "a", "b", 1.0, "identical notebook files"],
        ["q1", "a", "b", 1.0, "same words after normalisation"],
    ]
    empty = similar_answers({}, notebooks={"a": same, "b": other})
    assert empty.empty and list(empty.columns) == COLUMNS


def test_pairs_are_per_question():
    out = similar_answers({"a": {"q1": said(PLAIN), "q2": said(OTHER)}, "b": {"q2": said(PLAIN), "q1": said(OTHER)}})
    assert out.empty


def test_more_similar_pairs_come_first():
    near = "أعلنت الحكومة إنهاء العملية العسكرية بعد ثلاثة أسابيع من القتال الشديد"
    answers = {"a": {"q1": said(PLAIN)}, "b": {"q1": said(near)}, "c": {"q1": said(SPELT)}}
    out = similar_answers(answers, threshold=0.5)
    assert out[["student_a", "student_b"]].values.tolist() == [["a", "c"], ["a", "b"], ["b", "c"]]
    assert out.similarity[0] == 1.0 and out.similarity[1] < 1.0
    assert out.reason[1].startswith("10 shared terms: ")  # all but العنيف / الشديد


@pytest.mark.parametrize("bad", [1.5, 0, -0.1, True, "x", None, float("nan")])
def test_a_bad_threshold_is_refused(bad):
    with pytest.raises(FramingError, match=r"similar_answers.*'threshold'.*\(0, 1\].*Got"):
        similar_answers({}, threshold=bad)


@pytest.mark.parametrize("bad", [0, -3, True, 2.0, "8"])
def test_bad_min_terms_is_refused(bad):
    with pytest.raises(FramingError, match=r"similar_answers.*'min_terms'.*>= 1.*Got"):
        similar_answers({}, min_terms=bad)


def test_threshold_one_keeps_identical_answers():
    out = similar_answers({"a": {"q1": said(PLAIN)}, "b": {"q1": said(SPELT)}}, threshold=1)
    assert len(out) == 1
