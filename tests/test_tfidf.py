"""TF-IDF, top terms and similarity, checked by hand."""

import math

import pytest

import framing
from framing import FramingError, QueryError


@pytest.fixture
def tiny(tmp_path):
    path = tmp_path / "tiny.csv"
    path.write_text(
        "doc_id,outlet,text\n"
        "a,X,الغزو الأمريكي للعراق\n"  # terms: غزو امريكي عراق
        "b,Y,عملية عسكرية في العراق\n"  # عملية عسكرية عراق (في is a stopword)
        "c,X,الغزو والاحتلال\n",  # غزو احتلال
        encoding="utf-8",
    )
    return framing.load_corpus(path)


def test_textbook_and_scikit_learn_values_by_hand(tiny):
    t = framing.tfidf(tiny).set_index(["doc", "term"])
    row = t.loc[("a", "غزو")]
    assert row.n == 1 and row.tf == pytest.approx(1 / 3)
    assert row.idf == pytest.approx(math.log(3 / 2))  # in 2 of 3 documents
    assert row.tf_idf == pytest.approx(1 / 3 * 0.405465, rel=1e-5)
    # scikit-learn: idf = ln((1+3)/(1+df)) + 1, then the vector of a scaled to length 1:
    # a = (غزو 1.287682, امريكي 1.693147, عراق 1.287682), length 2.486563
    two, one = math.log(4 / 3) + 1, math.log(4 / 2) + 1  # df = 2 and df = 1
    length = math.sqrt(2 * two**2 + one**2)
    assert row.score == pytest.approx(two / length) == pytest.approx(0.517856, abs=1e-6)
    assert t.loc[("a", "امريكي")].score == pytest.approx(one / length)
    assert sorted(t.loc["c"].index) == ["احتلال", "غزو"]
    assert ("b", "في") not in t.index  # stopword
    assert ("b", "في") in framing.tfidf(tiny, stopwords=True).set_index(["doc", "term"]).index


def test_grouping_pools_the_texts(tiny):
    t = framing.tfidf(tiny, by="outlet").set_index(["outlet", "term"])
    # X pools a and c: 5 terms, غزو twice; only X has it: idf = ln(2/1)
    assert t.loc[("X", "غزو")].n == 2 and t.loc[("X", "غزو")].tf == pytest.approx(2 / 5)
    assert t.loc[("X", "غزو")].idf == pytest.approx(math.log(2))
    assert t.loc[("X", "عراق")].idf == pytest.approx(0.0)  # X (a) and Y (b) both have it


def test_invasion_idf_on_the_seeds(corpus):
    t = framing.tfidf(corpus)
    rows = t[t.term == "غزو"]
    assert rows.set_index("doc").n.to_dict() == {"afp_fr_2023": 2, "afp_ar_2023": 1, "reuters_2023": 5}
    assert rows.idf.round(6).unique().tolist() == [round(math.log(5 / 3), 6)]


def test_options_change_the_score_only(corpus):
    plain = framing.tfidf(corpus).set_index(["doc", "term"])
    sub = framing.tfidf(corpus, sublinear_tf=True, norm=None).set_index(["doc", "term"])
    assert (plain.tf_idf == sub.tf_idf.reindex(plain.index)).all()
    n, df = 5, 3  # غزو in reuters_2023: 5 times, in 3 of 5 texts
    assert sub.loc[("reuters_2023", "غزو")].score == pytest.approx((1 + math.log(n)) * (math.log(6 / (1 + df)) + 1))


def test_bigrams(corpus):
    t = framing.tfidf(corpus, ngram_range=(1, 2))
    assert "عملية عسكرية" in set(t[t.doc == "afp_ar_2023"].term)


def test_top_terms_ranks_within_each_group(corpus):
    top = framing.top_terms(corpus, 4, by="outlet")
    assert top.groupby("outlet", sort=False).size().tolist() == [4] * 5
    assert top["rank"].tolist() == [1, 2, 3, 4] * 5
    for _, group in top.groupby("outlet"):
        assert group.score.is_monotonic_decreasing
    assert framing.top_terms(framing.tfidf(corpus), 2).shape[0] == 10


def test_similarity_matrix(corpus):
    sim = framing.similarity(corpus)
    assert list(sim.index) == list(sim.columns) == corpus.doc_id.tolist()
    assert (sim.values.diagonal().round(9) == 1).all() and (sim.values == sim.values.T).all()
    # 000 and 001 are the same AFP story in two language services: most alike
    assert sim.loc["afp_fr_2023"].drop("afp_fr_2023").idxmax() == "afp_ar_2023"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"by": "author"}, "The 'by' parameter of tfidf() must be 'doc' or a metadata column of the corpus: 'outlet', "),
        ({"norm": "l3"}, "The 'norm' parameter of tfidf() must be one of 'l2', 'l1', None. Got 'l3' instead."),
        ({"ngram_range": (2, 1)}, "The 'ngram_range' parameter of tfidf() must be a pair (min_n, max_n) with 1 <= min_n <= max_n. Got (2, 1) instead."),
    ],
)
def test_bad_options(corpus, kwargs, message):
    import re

    with pytest.raises(QueryError, match=re.escape(message)):
        framing.tfidf(corpus, **kwargs)


def test_min_df_leaving_nothing(tiny):
    with pytest.raises(FramingError, match="TF-IDF found no term to keep"):
        framing.tfidf(tiny, min_df=4)
