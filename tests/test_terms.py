"""Terms: the article stripped, and the fast path equal to the token index."""

import pytest

import framing
from framing.index import corpus_index
from framing.stopwords import stopwords
from framing.terms import doc_terms, term, terms


@pytest.mark.parametrize(
    "norm, expected",
    [
        ("الغزو", "غزو"),
        ("للغزو", "غزو"),  # ل + ال
        ("وللغزو", "غزو"),
        ("بالانسحاب", "انسحاب"),
        ("والسيادة", "سيادة"),
        ("كالعادة", "عادة"),
        ("وانسحاب", "وانسحاب"),  # و alone is not taken off
        ("وزير", "وزير"),
        ("بالغ", "بالغ"),  # fewer than three letters would remain
        ("الله", "الله"),
    ],
)
def test_term_strips_the_article_and_what_is_fused_to_it(norm, expected):
    assert term(norm) == expected


@pytest.mark.parametrize("furniture", [False, True])
@pytest.mark.parametrize("keep_stopwords", [False, True])
def test_fast_terms_equal_the_token_index(corpus, furniture, keep_stopwords):
    idx = corpus_index(corpus, furniture=furniture)
    drop = stopwords()
    expected = [
        [term(n) for n in doc.norms if keep_stopwords or (n not in drop and any(c.isalpha() for c in n))]
        for doc in idx.docs
    ]
    assert doc_terms(corpus, stopwords=keep_stopwords, furniture=furniture) == expected


def test_counts_match_the_concordance(corpus):
    # الغزو x2 (000), للغزو (001), للغزو + الغزو x3 + غزو (002): the 8 KWIC hits of غزو
    counts = terms(corpus)
    per_doc = counts[counts.term == "غزو"].set_index("doc_id").n.to_dict()
    assert per_doc == {"afp_fr_2023": 2, "afp_ar_2023": 1, "reuters_2023": 5}
    assert sum(per_doc.values()) == len(framing.kwic(corpus, "غزو"))


def test_furniture_terms_are_left_out(corpus):
    reuters = doc_terms(corpus)[2]
    assert "طومسون" not in reuters and "طومسون" in doc_terms(corpus, furniture=True)[2]


def test_edited_text_with_stale_furniture_spans_is_an_error(corpus):
    edited = corpus.copy()
    edited.loc[2, "text"] = "سطر جديد في أول النص\n" + edited.loc[2, "text"]  # shifts every offset
    with pytest.raises(framing.CorpusError, match="document 'reuters_2023': its furniture span"):
        doc_terms(edited)
    with pytest.raises(framing.CorpusError, match="no longer a whole line"):
        framing.kwic(edited, "غزو")
    edited.at[2, "furniture"] = []
    assert "طومسون" in doc_terms(edited)[2]
