"""frame_hits() and frame_counts(): hits checked by reading the seeds, rates and intervals by hand."""

import re

import numpy as np
import pandas as pd
import pytest

import framing
from framing import FramingError, QueryError
from framing.frames import frame_counts, frame_hits

WAR = {
    "frames": [
        {"id": "invasion", "name": "War as invasion", "terms": ["غزو", "احتلال"]},
        {"id": "operation", "name": "War as an operation", "terms": ["عملية عسكرية"]},
    ]
}


def per_doc(hits):
    return hits.groupby("doc_id").size().to_dict()


@pytest.fixture(scope="module")
def hits(corpus):
    return frame_hits(corpus)


def test_columns(hits):
    assert list(hits.columns) == ["doc_id", "outlet", "event", "frame", "term", "before", "match", "after",
                                  "start", "end"]


def test_invasion_hits_read_in_the_seeds(hits):
    # grep -o غزو: 000 2, 001 1, 002 5; no احتلال, no اجتياح in any seed
    inv = hits[hits.frame == "war_invasion"]
    assert per_doc(inv) == {"afp_fr_2023": 2, "afp_ar_2023": 1, "reuters_2023": 5}
    assert set(inv.term) == {"غزو"}


def test_operation_hits_read_in_the_seeds(hits):
    # 001 "عملية عسكرية" once; 000 "هجومها" once; 004 "لهجوم مميت" is an attack, not listed
    op = hits[hits.frame == "war_operation"]
    assert op[["doc_id", "match"]].values.tolist() == [["afp_fr_2023", "هجومها"], ["afp_ar_2023", "عملية عسكرية"]]


def test_every_hit_points_at_its_text(corpus, hits):
    texts = dict(zip(corpus.doc_id, corpus.text))
    for row in hits.itertuples():
        assert " ".join(texts[row.doc_id][row.start:row.end].split()) == row.match


def test_longest_match_wins_within_a_frame(hits):
    # 000 has "الشراكة الاستراتيجية" twice and no other شراك-: two hits of the phrase, none of شراكة
    p = hits[(hits.frame == "partnership") & (hits.doc_id == "afp_fr_2023")]
    assert p.term.tolist() == ["شراكة استراتيجية", "شراكة استراتيجية"]
    assert p.match.tolist() == ["الشراكة الاستراتيجية", "الشراكة الاستراتيجية"]
    # 001: استقرار four times (grep), two of them inside "الأمن والاستقرار": 2 phrase hits + 2 single
    s = hits[(hits.frame == "stability") & (hits.doc_id == "afp_ar_2023")]
    assert s.term.value_counts().to_dict() == {"الأمن والاستقرار": 2, "استقرار": 2}


@pytest.mark.parametrize("frame, expected", [
    # 001 الشراكة, شراكتنا x2, شركائنا; 002 the phrase twice (الشراكة الاستراتيجية, بشراكة استراتيجية);
    # 003 شراكتنا, شراكة, تعاون (not إشراك); 004 شراكة x2
    ("partnership", {"afp_fr_2023": 2, "afp_ar_2023": 4, "reuters_2023": 2, "unknown_2021": 3, "almonitor_2024": 2}),
    # 002 الميليشيات once; 004 four plurals and للميليشيا
    ("militias", {"reuters_2023": 1, "almonitor_2024": 5}),
    # 000 وسيادة; 001 والسيادة, سيادة; 002 وسيادة; 003 سيادة
    ("sovereignty", {"afp_fr_2023": 1, "afp_ar_2023": 2, "reuters_2023": 1, "unknown_2021": 1}),
    # 000 انسحاب; 001 برحيل; 002 بالانسحاب, سحبت; 003 وانسحاب, انسحاب x2, انسحبوا; 004 انسحابًا, بطرد, تغادر
    ("withdrawal", {"afp_fr_2023": 1, "afp_ar_2023": 1, "reuters_2023": 2, "unknown_2021": 4, "almonitor_2024": 3}),
    # 004 باغتيال only
    ("assassination", {"almonitor_2024": 1}),
])
def test_frames_per_document_read_in_the_seeds(hits, frame, expected):
    assert per_doc(hits[hits.frame == frame]) == expected


def test_exact_mode_takes_no_clitic(corpus):
    # the bare token غزو is only in 002's "قرار غزو العراق"
    hits = frame_hits(corpus, WAR, mode="exact")
    assert hits[["doc_id", "match"]].values.tolist() == [["afp_ar_2023", "عملية عسكرية"], ["reuters_2023", "غزو"]]


def test_window_counts_tokens(corpus):
    row = frame_hits(corpus, WAR, window=2).iloc[0]  # 000: "عاما منذ الغزو الأمريكي الذي"
    assert (row.before, row.match, row.after) == ("عاما منذ", "الغزو", "الأمريكي الذي")


def test_frame_hits_errors(corpus):
    with pytest.raises(FramingError, match=re.escape("frame_hits() takes the corpus DataFrame first")):
        frame_hits("seeds")
    with pytest.raises(QueryError, match=re.escape(
            "The 'mode' parameter of frame_hits() must be one of 'clitic', 'exact', 'regex'. Got 'glob' instead.")):
        frame_hits(corpus, mode="glob")
    with pytest.raises(QueryError, match=re.escape("The 'window' parameter of frame_hits() must be a whole number >= 0. Got -1")):
        frame_hits(corpus, window=-1)


# --- frame_counts on the seeds -----------------------------------------------------------


@pytest.fixture(scope="module")
def counts(corpus):
    return frame_counts(corpus)


def test_counts_columns_and_grid(counts):
    assert list(counts.columns) == ["outlet", "frame", "hits", "tokens", "rate", "ci_low", "ci_high", "n_units"]
    assert len(counts) == 5 * 17  # every outlet x every frame, zero hits included


def test_counts_are_rows_of_frame_hits(counts, hits):
    from_hits = hits.groupby(["outlet", "frame"]).size()
    table = counts.set_index(["outlet", "frame"]).hits
    assert (table[table > 0] == from_hits.reindex(table[table > 0].index)).all()
    assert table.sum() == len(hits)


def test_invasion_rate_by_hand(counts):
    inv = counts[counts.frame == "war_invasion"].set_index("outlet")
    # hits from grep; tokens as framing.summary counts them (furniture out)
    assert inv.hits.to_dict() == {"AFP-French": 2, "AFP-Arabic": 1, "Reuters": 5, "unknown": 0, "Al-Monitor": 0}
    assert inv.loc["Reuters", "tokens"] == 496
    assert inv.loc["Reuters", "rate"] == pytest.approx(1000 * 5 / 496)  # 10.08 per 1,000 tokens


def test_tokens_are_the_summary_tokens(corpus, counts):
    summary = framing.summary(corpus).set_index("outlet").tokens
    assert counts.groupby("outlet").tokens.first().to_dict() == summary.to_dict()


def test_paragraphs_are_the_non_blank_lines(counts):
    # grep -c "[^[:space:]]": 000 16, 001 27, 002 23, 003 11, 004 20 non-blank lines;
    # 002 loses 4 furniture lines (آخر التحديثات, the credit line, إدريس علي, طومسون رويترز),
    # 004 loses 2 (تجاوز إلى المحتوى الرئيسي, the English caption)
    units = counts.groupby("outlet").n_units.first().to_dict()
    assert units == {"AFP-French": 16, "AFP-Arabic": 27, "Reuters": 19, "unknown": 11, "Al-Monitor": 18}


def test_interval_contains_the_rate_and_zero_hits_give_zero(counts):
    assert (counts.ci_low <= counts.rate + 1e-9).all() and (counts.rate <= counts.ci_high + 1e-9).all()
    none = counts[counts.hits == 0]
    assert (none.ci_low == 0).all() and (none.ci_high == 0).all()
    assert (counts[counts.hits > 0].ci_high > counts[counts.hits > 0].rate).all()  # wide, with 5 texts


def test_bootstrap_is_reproducible_with_a_seed(corpus, counts):
    again = frame_counts(corpus, seed=0)
    pd.testing.assert_frame_equal(again, counts)
    other = frame_counts(corpus, seed=1)
    pd.testing.assert_frame_equal(other.drop(columns=["ci_low", "ci_high"]), counts.drop(columns=["ci_low", "ci_high"]))
    assert not np.allclose(other.ci_high, counts.ci_high)


def test_by_doc_and_by_event(corpus):
    docs = frame_counts(corpus, WAR, by="doc", n_boot=50)
    assert list(docs.columns[:4]) == ["doc_id", "outlet", "event", "frame"]
    events = frame_counts(corpus, WAR, by="event", n_boot=50).set_index(["event", "frame"]).hits
    assert events.to_dict() == {("austin_visit_2023", "invasion"): 8, ("austin_visit_2023", "operation"): 1,
                                ("troops_dialogue", "invasion"): 0, ("troops_dialogue", "operation"): 0}


# --- frame_counts on a corpus small enough to do by hand --------------------------------


@pytest.fixture
def tiny():
    return pd.DataFrame({
        "doc_id": ["a", "b", "c"],
        "outlet": ["X", "Y", "Z"],
        "text": [
            # 11 tokens; 3 paragraphs (lines 1, 2, 4); 4 sentences (the "." after الاحتلال ends one)
            "الغزو بدأ في آذار.\nثم جاء الاحتلال. والغزو معا!\n\nانتهى الأمر",
            # 6 tokens; 2 paragraphs
            "عملية عسكرية محدودة\nلا غزو هنا",
            # 5 tokens, one line; 2 sentences: the "." of 2.5 ends none
            "بلغ 2.5 مليون. غزو كبير",
        ],
    })


def test_tiny_counts_by_hand(tiny):
    c = frame_counts(tiny, WAR).set_index(["outlet", "frame"])
    assert c.loc[("X", "invasion"), ["hits", "tokens", "n_units"]].tolist() == [3, 11, 3]
    assert c.loc[("X", "invasion"), "rate"] == pytest.approx(3000 / 11)
    assert c.loc[("Y", "operation"), ["hits", "tokens", "n_units"]].tolist() == [1, 6, 2]
    assert c.loc[("Y", "operation"), "rate"] == pytest.approx(1000 / 6)
    # X's paragraphs: (4 tokens, 1 hit), (5, 2), (2, 0): every resample's rate is in [0, 2/5 * 1000]
    assert 0 <= c.loc[("X", "invasion"), "ci_low"] <= c.loc[("X", "invasion"), "ci_high"] <= 400


def test_one_unit_means_no_spread(tiny):
    # Z is one paragraph: every resample is that paragraph, so the interval is the rate itself
    z = frame_counts(tiny, WAR).set_index(["outlet", "frame"]).loc[("Z", "invasion")]
    assert z.n_units == 1 and z.hits == 1 and z.tokens == 5
    assert z.ci_low == z.ci_high == pytest.approx(200.0)


def test_sentence_units_by_hand(tiny):
    c = frame_counts(tiny, WAR, unit="sentence").groupby("outlet").n_units.first().to_dict()
    assert c == {"X": 4, "Y": 2, "Z": 2}


@pytest.mark.parametrize("option, message", [
    ({"n_boot": 0}, "The 'n_boot' parameter of frame_counts() must be a whole number >= 1. Got 0 instead."),
    ({"ci": 95}, "The 'ci' parameter of frame_counts() must be a number between 0 and 1 (0.95 for a 95% interval). Got 95 instead."),
    ({"seed": "zero"}, "The 'seed' parameter of frame_counts() must be a whole number >= 0 or None. Got 'zero'"),
    ({"unit": "line"}, "The 'unit' parameter of frame_counts() must be one of 'paragraph', 'sentence'. Got 'line' instead."),
    ({"by": "source"}, "The 'by' parameter of frame_counts() must be 'doc' or a metadata column of the corpus: 'outlet', "),
])
def test_frame_counts_errors(corpus, option, message):
    with pytest.raises(QueryError, match=re.escape(message)):
        frame_counts(corpus, **option)


def test_by_event_needs_an_event_column(tiny):
    with pytest.raises(FramingError, match=re.escape("Got 'event' instead. This corpus has no 'event' column: add one")):
        frame_counts(tiny, WAR, by="event")


def test_by_takes_any_metadata_column_as_tfidf_does():
    corpus = framing.load_corpus()
    counts = frame_counts(corpus, by="machine_translated", n_boot=10)
    war = counts[counts.frame == "war_invasion"].set_index("machine_translated")
    # غزو: 2 in afp_fr_2023 and 5 in reuters_2023 (both machine-translated), 1 in afp_ar_2023 (not);
    # tokens: 478 + 496 + 656 translated, 754 + 480 not (summary's counts)
    assert war.loc["yes", "hits"] == 7 and war.loc["no", "hits"] == 1
    assert war.loc["yes", "tokens"] == 478 + 496 + 656 and war.loc["no", "tokens"] == 754 + 480
    assert set(framing.tfidf(corpus, by="machine_translated").machine_translated) == {"yes", "no"}
