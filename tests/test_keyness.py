"""keyness(): G2, Log Ratio and weighted log-odds checked against hand arithmetic.

Counts were read in the seed files (grep on seeds/*.txt):

* غزو (invasion) in event A: 000 "منذ الغزو", "فتح الغزو" (2); 001 "للغزو" (1);
  002 "للغزو", "من الغزو", "أسفر الغزو", "بعد الغزو", "قرار غزو" (5).
* تحالف (coalition): 000 "تحالف", "التحالف" x2, "للتحالف" (4); 001 "تحالف",
  "التحالف" x6, "للتحالف" (8); 002 none ("المتحالفة" and "التحالفات" are other terms).
* ماكنزي (McKenzie): 002 twice, nowhere else.
"""

import math
import re

import pandas as pd
import pytest

import framing
from framing import FramingError, QueryError
from framing.keyness import keyness, log_likelihood

REUTERS, AFP = "outlet=Reuters", "outlet=AFP-French,AFP-Arabic"


def word_count(text):
    """Tokens counted without the kit: drop harakat, count runs of word characters."""
    return len(re.findall(r"\w+", re.sub("[\u064b-\u0652]", "", text)))


def g2_by_hand(a, b, c, d):
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    return 2 * ((a * math.log(a / e1) if a else 0) + (b * math.log(b / e2) if b else 0))


def row(table, term):
    return table.set_index("term").loc[term]


@pytest.fixture(scope="module")
def reuters_vs_afp_all_tokens(corpus):
    # every token counted (stopwords, numbers, furniture): totals checkable by word count
    return keyness(corpus, REUTERS, AFP, stopwords=True, furniture=True)


def test_totals_are_the_word_counts_of_each_side(seed_text, reuters_vs_afp_all_tokens):
    c, d = word_count(seed_text(2)), word_count(seed_text(0)) + word_count(seed_text(1))
    assert (c, d) == (513, 478 + 754)
    assert reuters_vs_afp_all_tokens.attrs["tokens_target"] == 513
    assert reuters_vs_afp_all_tokens.attrs["tokens_reference"] == 1232


def test_g2_of_invasion_by_hand(reuters_vs_afp_all_tokens):
    r = row(reuters_vs_afp_all_tokens, "غزو")
    assert (r.n_target, r.n_reference, r.docs_target, r.docs_reference) == (5, 3, 1, 2)
    # a=5, b=3, c=513, d=1232
    e1 = 513 * 8 / 1745
    e2 = 1232 * 8 / 1745
    expected = 2 * (5 * math.log(5 / e1) + 3 * math.log(3 / e2))
    assert r.g2 == pytest.approx(expected, rel=1e-12)
    assert r.g2 == pytest.approx(3.7460, abs=1e-4)
    assert r.key == "target"


def test_negative_keyword_coalition(reuters_vs_afp_all_tokens):
    r = row(reuters_vs_afp_all_tokens, "تحالف")
    assert (r.n_target, r.n_reference, r.docs_reference) == (0, 12, 2)
    # a=0 so its cell is 0 * ln 0 = 0; b=12, E2 = 1232 * 12 / 1745
    expected = -2 * (12 * math.log(12 / (1232 * 12 / 1745)))
    assert r.g2 == pytest.approx(expected, rel=1e-12)
    assert r.g2 == pytest.approx(-8.3548, abs=1e-4)
    assert r.g2 < 0 and r.log_ratio < 0 and r.log_odds_z < 0 and r.key == "reference"


def test_default_settings_drop_stopwords_and_furniture(corpus):
    key = keyness(corpus, REUTERS, AFP)
    counts = framing.terms(corpus)
    per_doc = counts.groupby("doc_id").n.sum()
    assert key.attrs["tokens_target"] == per_doc["reuters_2023"] == 360
    assert key.attrs["tokens_reference"] == per_doc["afp_fr_2023"] + per_doc["afp_ar_2023"] == 918
    r = row(key, "غزو")
    assert (r.n_target, r.n_reference) == (5, 3)
    assert r.g2 == pytest.approx(2 * (5 * math.log(5 / (360 * 8 / 1278)) + 3 * math.log(3 / (918 * 8 / 1278))))
    assert "في" not in set(key.term)  # a stopword
    assert "طومسون" not in set(key.term)  # furniture of 002
    assert key.attrs["target_docs"] == ["reuters_2023"]
    assert key.attrs["reference_docs"] == ["afp_fr_2023", "afp_ar_2023"]


def test_sorted_by_g2_keywords_first_reference_keywords_last(corpus):
    key = keyness(corpus, REUTERS, AFP)
    assert key.g2.is_monotonic_decreasing
    assert list(key.columns) == [
        "term", "n_target", "n_reference", "docs_target", "docs_reference", "g2", "p_value", "log_ratio", "log_odds_z",
        "key",
    ]
    assert key.key.iloc[0] == "target" and key.key.iloc[-1] == "reference"
    assert key.term.iloc[-1] == "تحالف"
    assert ((key.g2 > 0) == (key.key == "target")).all()


def test_log_ratio_with_a_zero_count(reuters_vs_afp_all_tokens, corpus):
    r = row(reuters_vs_afp_all_tokens, "ماكنزي")  # 2 in Reuters, 0 in AFP
    assert (r.n_target, r.n_reference) == (2, 0)
    # smoothing 0.5 added to both counts, then divided by the totals
    assert r.log_ratio == pytest.approx(math.log2((2.5 / 513) / (0.5 / 1232)), rel=1e-12)
    assert r.log_ratio == pytest.approx(math.log2(12.0078), abs=1e-4)
    raw = row(keyness(corpus, REUTERS, AFP, stopwords=True, furniture=True, smoothing=0), "ماكنزي")
    assert raw.log_ratio == math.inf
    one = row(keyness(corpus, REUTERS, AFP, stopwords=True, furniture=True, smoothing=1), "ماكنزي")
    assert one.log_ratio == pytest.approx(math.log2((3 / 513) / (1 / 1232)))
    # a term on both sides: invasion, 5 of 513 against 3 of 1232
    inv = row(reuters_vs_afp_all_tokens, "غزو")
    assert inv.log_ratio == pytest.approx(math.log2((5.5 / 513) / (3.5 / 1232)))


@pytest.fixture
def tiny():
    return pd.DataFrame({
        "doc_id": ["x1", "y1"],
        "outlet": ["X", "Y"],
        "text": ["غزو غزو حرب", "غزو سلام سلام سلام"],
    })


def test_log_odds_z_by_hand_with_the_default_prior(tiny):
    key = keyness(tiny, "outlet=X")  # reference: every other document
    # target: غزو 2, حرب 1 (c=3); reference: غزو 1, سلام 3 (d=4)
    # default prior: alpha = a + b (غزو 3, حرب 1, سلام 3), alpha0 = c + d = 7
    assert key.attrs["alpha0"] == 7
    z = dict(zip(key.term, key.log_odds_z))
    delta = math.log((2 + 3) / (3 + 7 - 2 - 3)) - math.log((1 + 3) / (4 + 7 - 1 - 3))  # ln(5/5) - ln(4/7)
    assert z["غزو"] == pytest.approx(delta / math.sqrt(1 / 5 + 1 / 4))
    assert z["غزو"] == pytest.approx(0.83423, abs=1e-5)
    delta = math.log((1 + 1) / (3 + 7 - 1 - 1)) - math.log((0 + 1) / (4 + 7 - 0 - 1))  # ln(2/8) - ln(1/10)
    assert z["حرب"] == pytest.approx(delta / math.sqrt(1 / 2 + 1 / 1))
    delta = math.log((0 + 3) / (3 + 7 - 0 - 3)) - math.log((3 + 3) / (4 + 7 - 3 - 3))  # ln(3/7) - ln(6/5)
    assert z["سلام"] == pytest.approx(delta / math.sqrt(1 / 3 + 1 / 6))
    assert dict(zip(key.term, key.key)) == {"غزو": "target", "حرب": "target", "سلام": "reference"}


def test_log_odds_z_with_a_prior_of_your_own(tiny):
    # pseudo-counts by term; a term that is not counted (شمس) is ignored, so alpha0 = 3
    key = keyness(tiny, {"outlet": "X"}, prior={"غزو": 1, "حرب": 1, "سلام": 1, "شمس": 5})
    assert key.attrs["alpha0"] == 3
    z = dict(zip(key.term, key.log_odds_z))
    delta = math.log((2 + 1) / (3 + 3 - 2 - 1)) - math.log((1 + 1) / (4 + 3 - 1 - 1))
    assert z["غزو"] == pytest.approx(delta / math.sqrt(1 / 3 + 1 / 2))
    # a number: the corpus counts scaled to total alpha0 = 14, so alpha(غزو) = 14 * 3 / 7 = 6
    key = keyness(tiny, "outlet=X", "outlet=Y", prior=14)
    z = dict(zip(key.term, key.log_odds_z))
    delta = math.log((2 + 6) / (3 + 14 - 2 - 6)) - math.log((1 + 6) / (4 + 14 - 1 - 6))
    assert z["غزو"] == pytest.approx(delta / math.sqrt(1 / 8 + 1 / 7))
    series = keyness(tiny, "outlet=X", prior=pd.Series({"غزو": 1, "حرب": 1, "سلام": 1}))
    as_dict = keyness(tiny, "outlet=X", prior={"غزو": 1, "حرب": 1, "سلام": 1})
    assert series.log_odds_z.tolist() == as_dict.log_odds_z.tolist()


def test_g2_on_the_tiny_corpus_and_equal_shares(tiny):
    key = keyness(tiny, "outlet=X")
    g2 = dict(zip(key.term, key.g2))
    assert g2["حرب"] == pytest.approx(2 * (1 * math.log(1 / (3 * 1 / 7))))
    # same relative frequency on both sides: G2 = 0, key "neither"
    same = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "text": ["غزو حرب", "غزو سلام"]})
    r = row(keyness(same, "outlet=X"), "غزو")
    assert r.g2 == 0 and r.log_ratio == 0 and r.key == "neither"


def test_log_likelihood_helper_matches_the_formula():
    assert log_likelihood(5, 3, 513, 1232) == pytest.approx(g2_by_hand(5, 3, 513, 1232))
    assert log_likelihood(0, 12, 513, 1232) == pytest.approx(-g2_by_hand(0, 12, 513, 1232))


def test_reference_defaults_to_every_other_document(corpus):
    key = keyness(corpus, "doc_id=unknown_2021")
    assert key.attrs["reference_docs"] == ["afp_fr_2023", "afp_ar_2023", "reuters_2023", "almonitor_2024"]
    # the same as naming them
    others = ["afp_fr_2023", "afp_ar_2023", "reuters_2023", "almonitor_2024"]
    named = keyness(corpus, "doc_id=unknown_2021", {"doc_id": others})
    pd.testing.assert_frame_equal(key, named)


def test_target_by_event_and_case_insensitive_values(corpus):
    key = keyness(corpus, "event=TROOPS_DIALOGUE", "event=austin_visit_2023")
    assert key.attrs["target_docs"] == ["unknown_2021", "almonitor_2024"]
    assert keyness(corpus, "outlet=reuters", "outlet = afp-french, afp-arabic").equals(keyness(corpus, REUTERS, AFP))


def test_min_count_drops_rows_not_totals(corpus):
    full = keyness(corpus, REUTERS, AFP)
    some = keyness(corpus, REUTERS, AFP, min_count=5)
    assert (some.n_target + some.n_reference).min() >= 5
    assert some.attrs["tokens_target"] == full.attrs["tokens_target"]
    kept = full[full.n_target + full.n_reference >= 5].reset_index(drop=True)
    pd.testing.assert_frame_equal(some, kept)


@pytest.mark.parametrize(
    "target, reference, error, message",
    [
        ("Reuters", None, QueryError,
         "The 'target' parameter must be 'KEY=VALUE' on a metadata column, e.g. 'outlet=Reuters', "
         "'event=troops_dialogue', 'outlet=AFP-French,AFP-Arabic', or a dict like {'outlet': 'Reuters'}. "
         "Got 'Reuters' instead. Did you mean 'outlet=Reuters'?"),
        ("outlet=", None, QueryError, "Got 'outlet=' instead."),
        (REUTERS, "afp", QueryError, "The 'reference' parameter must be 'KEY=VALUE'"),
        (["reuters_2023"], None, QueryError, "The 'target' parameter must be a 'KEY=VALUE' string"),
        ("source=Reuters", None, QueryError,
         "The 'target' parameter chooses documents by the column 'source', which the corpus does not have. "
         "Choose by one of: doc_id, outlet, source_file, "),
        ("text=غزو", None, QueryError, "by the column 'text', which the corpus uses for text."),
        ("Outlet=Reuters", None, QueryError, "Choose by one of: doc_id, outlet, source_file, language, "
         "machine_translated, date, event, title, title_en, confidence, confidence_note, evidence. "
         "Did you mean 'outlet'?"),
        ("outlet=BBC", None, FramingError,
         "In the 'target' parameter: No document has outlet 'BBC'. "
         "The outlets are: AFP-Arabic, AFP-French, Al-Monitor, Reuters, unknown."),
        (REUTERS, "outlet=AFP", FramingError, "In the 'reference' parameter: No document has outlet 'AFP'."),
        ("event=austin_visit_2023", REUTERS, FramingError,
         "The target 'event=austin_visit_2023' and the reference 'outlet=Reuters' share 1 document: "
         "reuters_2023. A document can be on one side only."),
        ("event=austin_visit_2023,troops_dialogue", None, FramingError,
         "takes every document of the corpus, so nothing is left to compare it with."),
        ({"outlet": "Reuters", "event": "troops_dialogue"}, None, FramingError, "matches no document"),
    ],
)
def test_bad_target_or_reference_is_named(corpus, target, reference, error, message):
    with pytest.raises(error, match=re.escape(message)):
        keyness(corpus, target, reference)


def test_overlap_names_every_shared_document(corpus):
    with pytest.raises(FramingError, match="share 2 documents: afp_fr_2023, afp_ar_2023."):
        keyness(corpus, "event=austin_visit_2023", AFP)


@pytest.mark.parametrize(
    "options, message",
    [
        ({"smoothing": -1}, "The 'smoothing' parameter of keyness() must be a number >= 0. Got -1 instead."),
        ({"smoothing": "0.5"}, "The 'smoothing' parameter of keyness() must be a number >= 0. Got '0.5' instead."),
        ({"min_count": 0}, "The 'min_count' parameter of keyness() must be a whole number >= 1. Got 0 instead."),
        ({"prior": 0}, "The 'prior' parameter, as a number (the prior total α0), must be > 0. Got 0 instead."),
        ({"prior": "corpus"}, "The 'prior' parameter must be None"),
        ({"prior": {"غزو": 1}}, "The 'prior' parameter has no pseudo-count for the term"),
    ],
)
def test_bad_options_are_named(corpus, options, message):
    with pytest.raises(QueryError, match=re.escape(message)):
        keyness(corpus, REUTERS, AFP, **options)


def test_bad_pseudo_count_is_named(tiny):
    message = "The 'prior' pseudo-count of the term 'سلام' must be a number > 0. Got -1 instead."
    with pytest.raises(QueryError, match=re.escape(message)):
        keyness(tiny, "outlet=X", prior={"غزو": 1, "حرب": 1, "سلام": -1})


def test_swapped_arguments_are_caught(corpus):
    with pytest.raises(FramingError, match=r"keyness\(\) takes the corpus DataFrame first"):
        keyness(REUTERS, corpus)


def test_corpus_is_not_changed(corpus):
    before = corpus.copy()
    keyness(corpus, REUTERS)
    pd.testing.assert_frame_equal(corpus, before)


def test_p_value_is_the_chi_square_tail_of_g2_and_small_corpora_say_so(corpus):
    key = framing.keyness(corpus, "outlet=Reuters", "outlet=AFP-French,AFP-Arabic").set_index("term")
    # chi-square with 1 df: P(X > 3.841) = 0.05 and P(X > 6.635) = 0.01 (the textbook critical values), so
    # غزو (G2 4.07) lies between them and التحالف (-7.94) below 0.01
    assert 0.01 < key.loc["غزو", "p_value"] < 0.05 and key.loc["تحالف", "p_value"] < 0.01
    import math
    g2 = float(key.loc["غزو", "g2"])
    assert key.loc["غزو", "p_value"] == pytest.approx(math.erfc(math.sqrt(g2 / 2)))  # the 1-df tail, closed form
    note = framing.keyness(corpus, "outlet=Reuters", "outlet=AFP-French,AFP-Arabic").attrs["note"]
    assert note.startswith("The target has 1 document(s) and 360 terms, the reference 2 and 918")
