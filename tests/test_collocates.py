"""collocates(): window neighbours read in the seed texts, G2 and MI by hand.

انسحاب (withdrawal), two tokens each side, read in the seeds
(stopwords in brackets are in the window but not counted):

    000  باستمرار [إلى] انسحاب القوات الأمريكية
    002  القرار الكارثي بالانسحاب [في] [وقت]
    003  المتبادلة [بینهما] وانسحاب المزيد [من]
    003  [حول] موضوع انسحاب القوات الامریکیة
    003  العراق [إلى] انسحاب [جميع] القوات
    004  [ذلك] يعني انسحابًا نهائيًا لقوات

15 counted tokens; القوات three times, الأمريكية / الامریکیة twice.

الحشد الشعبي, two tokens each side:

    000  ممثلو قوات الحشد الشعبي [شبه] العسكرية
    000  سابقًا [في] الحشد الشعبي [في] كانون
    001  الممثلة لفصائل الحشد الشعبي مراراً برحيل
    001  ونائب رئيس الحشد الشعبي [أبو] مهدي
"""

import math
import re

import pandas as pd
import pytest

import framing
from framing import FramingError, QueryError
from framing.collocates import collocates


def counts(table):
    return dict(zip(table.term, table.n))


def test_withdrawal_neighbours_read_in_the_texts(corpus):
    col = collocates(corpus, "انسحاب", window=2)
    assert counts(col) == {
        "باستمرار": 1, "قوات": 3, "امريكية": 2,   # 000 (and 003 twice for قوات, once امريكية)
        "قرار": 1, "كارثي": 1,                     # 002
        "متبادلة": 1, "مزيد": 1, "موضوع": 1, "عراق": 1,  # 003
        "يعني": 1, "نهائيا": 1, "لقوات": 1,        # 004: لقوات has no article, so it stays a term of its own
    }
    assert col.attrs["hits"] == 6
    assert col.attrs["window_tokens"] == 15
    assert list(col.columns) == ["term", "n", "n_corpus", "ll", "mi"]


def test_corpus_tokens_are_the_terms_of_the_corpus(corpus):
    col = collocates(corpus, "انسحاب", window=2)
    assert col.attrs["corpus_tokens"] == framing.terms(corpus).n.sum() == 347 + 571 + 360 + 351 + 485


def test_forces_ll_and_mi_by_hand(corpus):
    # n_corpus of قوات, read with grep: القوات 25, قوات 5, للقوات 5, والقوات 1 = 36
    r = collocates(corpus, "انسحاب", window=2).set_index("term").loc["قوات"]
    assert (r.n, r.n_corpus) == (3, 36)
    # a = 3, b = 36 - 3, c = W = 15, d = N - W = 2114 - 15
    e1 = 15 * 36 / 2114
    e2 = 2099 * 36 / 2114
    assert r.ll == pytest.approx(2 * (3 * math.log(3 / e1) + 33 * math.log(33 / e2)), rel=1e-12)
    assert r.ll == pytest.approx(9.5075, abs=1e-4)
    assert r.mi == pytest.approx(math.log2(3 * 2114 / (36 * 15)), rel=1e-12)
    # a term seen once in the windows and once in the corpus: mi = log2(N / W)
    once = collocates(corpus, "انسحاب", window=2).set_index("term").loc["باستمرار"]
    assert once.mi == pytest.approx(math.log2(2114 / 15))


def test_sorted_by_ll_then_term(corpus):
    col = collocates(corpus, "انسحاب", window=2)
    assert col.ll.is_monotonic_decreasing
    # the seven terms seen once in the windows and once in the corpus tie at the top
    assert col.term.head(7).tolist() == sorted(["باستمرار", "كارثي", "لقوات", "متبادلة", "موضوع", "نهائيا", "يعني"])
    assert col.term.iloc[-1] == "عراق" and col.set_index("term").loc["عراق"].n_corpus == 71


def test_popular_mobilisation_neighbours(corpus):
    col = collocates(corpus, "الحشد الشعبي", window=2)
    assert counts(col) == {
        "ممثلو": 1, "قوات": 1, "عسكرية": 1,
        "سابقا": 1, "كانون": 1,
        "ممثلة": 1, "لفصائل": 1, "مرارا": 1, "برحيل": 1,
        "ونائب": 1, "رئيس": 1, "مهدي": 1,
    }
    assert (col.attrs["hits"], col.attrs["window_tokens"]) == (4, 12)
    # the query's own tokens are not counted, even though حشد and شعبي are terms
    assert not {"حشد", "شعبي"} & set(col.term)


def test_windows_are_what_kwic_shows(corpus):
    # the same window, counted from kwic's context columns with the kit's own term rules
    from framing.terms import term

    hits = framing.kwic(corpus, "انسحاب", window=2)
    words = " ".join(hits.before + " " + hits.after).split()
    norms = [framing.normalize(re.sub(r"\W", "", w)) for w in words]
    expected = pd.Series([term(n) for n in norms if not framing.is_stopword(n)]).value_counts().to_dict()
    assert counts(collocates(corpus, "انسحاب", window=2)) == expected


def test_overlapping_windows_count_a_token_once():
    tiny = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "text": ["حرب غزو سلام غزو نفط"]})
    col = collocates(tiny, "غزو", window=1)
    # windows {حرب, سلام} and {سلام, نفط}: سلام once; the second hit is not its own neighbour
    assert counts(col) == {"حرب": 1, "سلام": 1, "نفط": 1}
    assert (col.attrs["hits"], col.attrs["window_tokens"], col.attrs["corpus_tokens"]) == (2, 3, 5)
    # each: a = 1, b = 0, c = 3, d = 2; mi = log2(1 * 5 / (1 * 3))
    assert col.ll.tolist() == pytest.approx([2 * math.log(1 / (3 * 1 / 5))] * 3)
    assert col.mi.tolist() == pytest.approx([math.log2(5 / 3)] * 3)


def test_stopwords_take_their_place_and_can_be_counted(corpus):
    col = collocates(corpus, "انسحاب", window=2, stopwords=True)
    assert col.attrs["window_tokens"] == 6 * 4  # no window is cut by a document edge or another hit
    c = counts(col)
    assert c["الي"] == 2 and c["في"] == 1 and c["وقت"] == 1  # إلى is normalised to الي


def test_min_count(corpus):
    col = collocates(corpus, "انسحاب", window=2, min_count=2)
    assert counts(col) == {"قوات": 3, "امريكية": 2}
    assert col.attrs["window_tokens"] == 15  # totals are unchanged


def test_outlet_narrows_the_corpus_counts_too(corpus):
    col = collocates(corpus, "انسحاب", window=2, outlet="unknown")
    assert col.attrs["hits"] == 3
    assert col.attrs["corpus_tokens"] == 351  # the terms of unknown_2021 only
    assert counts(col) == {"متبادلة": 1, "مزيد": 1, "موضوع": 1, "قوات": 2, "امريكية": 1, "عراق": 1}
    ev = collocates(corpus, "انسحاب", window=2, event="austin_visit_2023")
    assert ev.attrs["hits"] == 2 and ev.attrs["corpus_tokens"] == 347 + 571 + 360


def test_no_hit_gives_an_empty_table_with_the_columns(corpus):
    col = collocates(corpus, "غزو", event="troops_dialogue")
    assert col.empty and list(col.columns) == ["term", "n", "n_corpus", "ll", "mi"]
    assert col.attrs["hits"] == 0


def test_furniture_is_left_out_unless_asked(corpus):
    # 002: "(تغطية إدريس علي في بغداد). تحرير أندرو هيفينز" is a credit line
    assert "تحرير" not in set(collocates(corpus, "بغداد", window=2).term)
    assert "تحرير" in set(collocates(corpus, "بغداد", window=2, furniture=True).term)


@pytest.mark.parametrize(
    "options, message",
    [
        ({"window": 0}, "The 'window' parameter of collocates() must be a whole number >= 1. Got 0 instead."),
        ({"window": 2.5}, "The 'window' parameter of collocates() must be a whole number >= 1. Got 2.5 instead."),
        ({"min_count": 0}, "The 'min_count' parameter of collocates() must be a whole number >= 1. Got 0 instead."),
        ({"mode": "fuzzy"}, "The 'mode' parameter of collocates() must be one of 'clitic', 'exact', 'regex'. Got 'fuzzy' instead."),
    ],
)
def test_bad_options_are_named(corpus, options, message):
    with pytest.raises(QueryError, match=re.escape(message)):
        collocates(corpus, "انسحاب", **options)


def test_bad_filter_and_swapped_arguments(corpus):
    with pytest.raises(FramingError, match="No document has outlet 'BBC'"):
        collocates(corpus, "انسحاب", outlet="BBC")
    with pytest.raises(FramingError, match=r"Write collocates\(corpus, 'انسحاب'\)"):
        collocates("انسحاب", corpus)
    with pytest.raises(QueryError, match="The query is empty"):
        collocates(corpus, " ")


def test_fold_taa_folds_the_counted_terms_too(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("doc_id,outlet,text\na,X,الغزو عملية مشتركة\nb,Y,الغزو عملية مشتركه\n", encoding="utf-8")
    corpus = framing.load_corpus(path)
    near = framing.collocates(corpus, "غزو", window=2, fold_taa=True)
    # مشتركة and مشتركه (typed with ه) are one term once folded: 2 in the windows, not 1 + 1
    assert near.set_index("term").loc["مشتركه", "n"] == 2 and "مشتركة" not in set(near.term)
