"""dispersion(): token positions of hits, checked by counting words in the seed files.

غزو (invasion), read in the seeds: 000 "منذ الغزو" (first sentence), "فتح الغزو";
001 "للغزو" (the lead); 002 "للغزو" (headline), "من الغزو" (lead), "أسفر الغزو",
"بعد الغزو", and "قرار غزو العراق" in the paragraph on weapons of mass destruction.
"""

import re

import pandas as pd
import pytest

import framing
from framing import FramingError, QueryError
from framing.dispersion import dispersion


def word_count(text):
    """Tokens counted without the kit: drop harakat, count runs of word characters."""
    return len(re.findall(r"\w+", re.sub("[\u064b-\u0652]", "", text)))


def test_one_row_per_hit_and_columns(corpus):
    where = dispersion(corpus, "غزو")
    assert list(where.columns) == [
        "doc_id", "outlet", "event", "match", "token", "n_tokens", "position", "start", "end",
    ]
    assert where.groupby("doc_id", sort=False).match.count().to_dict() == {
        "afp_fr_2023": 2, "afp_ar_2023": 1, "reuters_2023": 5, "unknown_2021": 0, "almonitor_2024": 0,
    }
    assert where[where.doc_id == "reuters_2023"].match.tolist() == ["للغزو", "الغزو", "الغزو", "الغزو", "غزو"]


def test_token_numbers_are_word_counts_before_the_hit(corpus, seed_text):
    where = dispersion(corpus, "غزو")
    reuters = seed_text(2)
    furniture_before = lambda start: 2 if start > reuters.index("آخر التحديثات") else 0  # noqa: E731
    rows = where[where.doc_id == "reuters_2023"]
    assert rows.token.tolist() == [word_count(reuters[:s]) - furniture_before(s) for s in rows.start]
    assert rows.token.tolist() == [11, 43, 52, 102, 355]
    # 513 words, 17 of them furniture (the credit line, the byline, آخر التحديثات, طومسون رويترز)
    assert set(rows.n_tokens) == {word_count(reuters) - 17} == {496}
    afp_fr = where[where.doc_id == "afp_fr_2023"]
    assert afp_fr.token.tolist() == [word_count(seed_text(0)[:s]) for s in afp_fr.start]
    assert afp_fr.token.iloc[0] == 25  # "(بغداد) وصل ... عشية 20 عاما منذ الغزو": the 26th word
    assert set(afp_fr.n_tokens) == {word_count(seed_text(0))} == {478}


def test_positions_every_event_a_text_has_the_invasion_in_its_lead(corpus):
    where = dispersion(corpus, "غزو", event="austin_visit_2023")
    first = where.groupby("doc_id", sort=False).position.min()
    assert (first < 0.25).all()
    reuters = where[where.doc_id == "reuters_2023"]
    assert reuters.position.iloc[0] == pytest.approx(11 / 496)  # the headline
    assert reuters.position.iloc[-1] == pytest.approx(355 / 496)  # "قرار غزو العراق", late in the text
    assert where.position.between(0, 1).all()


def test_documents_without_a_hit_keep_one_empty_row(corpus):
    where = dispersion(corpus, "الحشد الشعبي")
    # 000 and 001 only (see tests/test_kwic.py)
    assert where.doc_id.tolist() == [
        "afp_fr_2023", "afp_fr_2023", "afp_ar_2023", "afp_ar_2023", "reuters_2023", "unknown_2021", "almonitor_2024",
    ]
    empty = where[where.match.isna()]
    assert empty.doc_id.tolist() == ["reuters_2023", "unknown_2021", "almonitor_2024"]
    assert empty.position.isna().all() and empty.token.isna().all() and empty.start.isna().all()
    assert empty.n_tokens.tolist() == [496, 480, 656]  # still says how long the document is
    assert where.groupby("doc_id", sort=False).match.count().tolist() == [2, 2, 0, 0, 0]


def test_multiword_hit_spans_both_words(corpus):
    where = dispersion(corpus, "الحشد الشعبي").dropna(subset=["match"])
    texts = dict(zip(corpus.doc_id, corpus.text))
    assert [texts[d][s:e] for d, s, e in zip(where.doc_id, where.start, where.end)] == ["الحشد الشعبي"] * 4
    assert where.match.tolist() == ["الحشد الشعبي"] * 4


def test_furniture_changes_the_token_count(corpus):
    plain = dispersion(corpus, "رويترز")  # "بغداد (رويترز)", the dateline of 002
    assert plain.match.count() == 1
    full = dispersion(corpus, "رويترز", furniture=True)  # also "طومسون رويترز", the last line
    reuters = full[full.doc_id == "reuters_2023"]
    assert reuters.token.tolist() == [13, 512] and set(reuters.n_tokens) == {513}


def test_filters(corpus):
    assert dispersion(corpus, "غزو", outlet="reuters").doc_id.unique().tolist() == ["reuters_2023"]
    ev = dispersion(corpus, "انسحاب", event="troops_dialogue")
    assert ev.doc_id.tolist() == ["unknown_2021"] * 3 + ["almonitor_2024"]
    with pytest.raises(FramingError, match="No document has event 'war'"):
        dispersion(corpus, "غزو", event="war")


def test_dtypes_keep_whole_numbers_whole(corpus):
    where = dispersion(corpus, "غزو")
    assert str(where.token.dtype) == "Int64" and str(where.start.dtype) == "Int64"
    assert where.n_tokens.dtype == "int64" and where.position.dtype == "float64"


def test_instructor_corpus_without_event_column(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("doc_id,outlet,text\na,X,الغزو الأمريكي للعراق\nb,Y,عملية عسكرية في العراق\n", encoding="utf-8")
    where = dispersion(framing.load_corpus(path), "غزو")
    assert list(where.columns) == ["doc_id", "outlet", "match", "token", "n_tokens", "position", "start", "end"]
    assert where.match.tolist()[0] == "الغزو" and pd.isna(where.match.tolist()[1])
    assert where.position.tolist()[0] == 0.0


def test_bad_arguments(corpus):
    message = "The 'mode' parameter of dispersion() must be one of 'clitic', 'exact', 'regex'. Got 'x' instead."
    with pytest.raises(QueryError, match=re.escape(message)):
        dispersion(corpus, "غزو", mode="x")
    with pytest.raises(FramingError, match=r"Write dispersion\(corpus, 'غزو'\)"):
        dispersion("غزو", corpus)
    with pytest.raises(QueryError, match="The query is empty"):
        dispersion(corpus, "")
