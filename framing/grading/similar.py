"""Pairs of students whose hand-graded answers are unusually alike, for the instructor to read.

This is a reading list, never a penalty: two students may share a source, a
study group or a phrase from the lecture. A flagged pair says only "read these
two answers side by side"; what follows is the instructor's judgement.

Answers are compared question by question, after the kit's own normalisation
(:func:`framing.normalize`, with taa marbuta folded to haa) and tokenisation
(:func:`framing.tokenize`), and each token's term as TF-IDF counts it
(:func:`framing.terms.term`: the article and the proclitics before it taken
off, so ``والحكومة``, ``للحكومة`` and ``حكومة`` are one term; a ``و`` typed
apart is a word of its own). Blank answers, missing
ones, and answers with fewer than ``min_terms`` tokens are skipped: answers
that short are too short to judge (two students writing "نعم، لأن الكلمة
منحازة" is no sign of anything).
"""

from __future__ import annotations

from itertools import combinations
from numbers import Real

from framing.errors import FramingError
from framing.normalize import normalize
from framing.terms import term
from framing.tokens import tokenize

__all__ = ["COLUMNS", "answer_terms", "similar_answers"]

#: The columns of :func:`similar_answers`, in order.
COLUMNS = ["question", "student_a", "student_b", "similarity", "reason"]
#: At or above this similarity two answers use the same words.
SAME = 0.999


def answer_terms(text: str) -> list[str]:
    """The terms of one answer, in order (taa marbuta folded, article and proclitics off, Latin case folded).

    >>> answer_terms("أعلنَت الحكومةُ، و الحكومة والحكومة")
    ['اعلنت', 'حكومه', 'و', 'حكومه', 'حكومه']
    """
    return [term(normalize(norm, fold_taa=True)).casefold() for norm in tokenize(text)["norm"]]


def _check(answers, notebooks, threshold, min_terms) -> None:
    def fail(name, accepted, value):
        raise FramingError(f"similar_answers(): the {name!r} parameter must be {accepted}. Got {value!r} instead.")

    if not isinstance(answers, dict):
        fail("answers", "a dict {student: {question: answer}}", answers)
    if notebooks is not None and not isinstance(notebooks, dict):
        fail("notebooks", "None or a dict {student: sha256 of the submission}", notebooks)
    if isinstance(threshold, bool) or not isinstance(threshold, Real) or not 0 < threshold <= 1:
        fail("threshold", "a number in (0, 1]", threshold)
    if isinstance(min_terms, bool) or not isinstance(min_terms, int) or min_terms < 1:
        fail("min_terms", "a whole number >= 1", min_terms)


def similar_answers(answers: dict, *, notebooks: dict | None = None, threshold: float = 0.8, min_terms: int = 8):
    """Pairs of students whose answers to the same hand-graded question are alike.

    A list for the instructor to read, never a penalty (see the module text).

    Parameters
    ----------
    answers : dict
        ``{student: {question: {"text", "blank", "found"}}}``: for each
        student, what :func:`framing.grading.manual.read_answers` returns.
    notebooks : dict, optional
        ``{student: sha256 hex digest of the whole submission}``. Students
        whose submissions are the same file make a row with question ``""``.
    threshold : float, default 0.8
        Pairs whose cosine similarity (TF-IDF over that question's answers)
        is at least this are kept; a number in (0, 1].
    min_terms : int, default 8
        Answers with fewer tokens than this are too short to judge and are
        never compared.

    Returns
    -------
    pandas.DataFrame
        ``question``, ``student_a``, ``student_b`` (``student_a <
        student_b``), ``similarity`` (rounded to 3 places) and ``reason``;
        identical files first, then the most similar pairs. No rows when
        nothing is alike.

    Examples
    --------
    >>> def said(text):
    ...     return {"q9": {"text": text, "blank": False, "found": True}}
    >>> answers = {
    ...     "amal": said("أعلنَت الحكومةُ أنّ العملية العسكرية انتهت بعد ثلاثة أسابيع من القتال"),
    ...     "badr": said("اعلنت الحكومه ان العمليه العسكريه انتهت بعد ثلاثه اسابيع من القتال"),
    ...     "carim": said("تصف الصحيفة المقاتلين بالميليشيات وهي كلمة تحمل حكما سلبيا واضحا على القارئ"),
    ... }
    >>> found = similar_answers(answers)
    >>> found[["question", "student_a", "student_b", "similarity"]].values.tolist()
    [['q9', 'amal', 'badr', 1.0]]
    >>> found.reason[0]
    'same words after normalisation'
    """
    import pandas as pd
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    _check(answers, notebooks, threshold, min_terms)
    rows = []
    by_hash: dict = {}
    for student, digest in (notebooks or {}).items():
        if digest:
            by_hash.setdefault(digest, []).append(student)
    for group in by_hash.values():
        for a, b in combinations(sorted(group), 2):
            rows.append(("", a, b, 1.0, "identical notebook files"))

    by_question: dict = {}
    for student in sorted(answers):
        for question, answer in (answers[student] or {}).items():
            if not isinstance(answer, dict) or answer.get("blank", True) or not answer.get("found", False):
                continue
            terms = answer_terms(answer.get("text") or "")
            if len(terms) >= min_terms:
                by_question.setdefault(question, []).append((student, terms))

    for question, kept in by_question.items():
        if len(kept) < 2:
            continue
        vectorizer = TfidfVectorizer(analyzer=lambda terms: terms)
        matrix = vectorizer.fit_transform([terms for _, terms in kept])
        vocabulary = vectorizer.get_feature_names_out()
        sims = cosine_similarity(matrix)
        for i, j in combinations(range(len(kept)), 2):
            sim = float(sims[i, j])
            if sim < threshold - 1e-9:
                continue
            if sim >= SAME:
                reason = "same words after normalisation"
            else:
                shared = matrix[i].multiply(matrix[j]).tocoo()
                ranked = sorted(zip(shared.data, shared.col), key=lambda wc: (-wc[0], vocabulary[wc[1]]))
                named = ", ".join(vocabulary[c] for _, c in ranked[:5])
                reason = f"{len(ranked)} shared term{'s' if len(ranked) != 1 else ''}: {named}"
            rows.append((question, kept[i][0], kept[j][0], round(sim, 3), reason))

    rows.sort(key=lambda r: (r[0] != "", -r[3], r[1], r[2], r[0]))
    return pd.DataFrame(rows, columns=COLUMNS).astype({"similarity": float})
