"""ngrams: recurring sequences of terms, counted on texts small enough to count by hand.

On the seeds, figures are grep counts of seeds/002_*.txt (Reuters): الولايات المتحدة 10
times; القوات الأمريكية 4 times and للقوات الأمريكية once.
"""

import pytest

import framing
from framing.errors import QueryError


def corpus_of(tmp_path, *texts, outlets=None):
    import csv

    path = tmp_path / "c.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["doc_id", "outlet", "text"])
        for i, text in enumerate(texts):
            w.writerow([f"d{i}", (outlets or ["X"] * len(texts))[i], text])
    return framing.load_corpus(path)


def test_seed_counts_match_grep(corpus):
    grams = framing.ngrams(corpus, n=2, by="outlet")
    reuters = grams[grams.outlet == "Reuters"].set_index("ngram")
    assert reuters.loc["ولايات متحدة", "count"] == 10
    assert reuters.loc["قوات امريكية", "count"] == 5  # للقوات counts: the article and its ل come off


def test_clitic_forms_are_one_sequence_and_documents_are_counted(tmp_path):
    c = corpus_of(tmp_path, "قالت إن العملية العسكرية انتهت\nوأكد أن للعملية العسكرية أهدافا",
                  "بدأت العملية العسكرية أمس", outlets=["A", "A"])
    row = framing.ngrams(c, by="outlet").set_index("ngram").loc["عملية عسكرية"]
    assert (row["count"], row["documents"]) == (3, 2)


def test_no_sequence_across_a_line_break_or_a_clause_mark(tmp_path):
    c = corpus_of(tmp_path, "زار الوزير بغداد\nبغداد عاصمة، عاصمة مدينة. مدينة كبيرة – كبيرة جدا")
    grams = set(framing.ngrams(c, min_count=1).ngram)
    assert "بغداد بغداد" not in grams and "عاصمة عاصمة" not in grams and "مدينة مدينة" not in grams
    assert "كبيرة كبيرة" not in grams  # a dash: the dateline's, or a clause's
    assert {"زار وزير", "وزير بغداد", "بغداد عاصمة", "عاصمة مدينة", "مدينة كبيرة"} <= grams


def test_stopwords_inside_but_not_at_the_ends(tmp_path):
    c = corpus_of(tmp_path, "الحرب على الإرهاب في العراق")
    trigrams = set(framing.ngrams(c, n=3, min_count=1).ngram)
    # normalised: على is written علي (alef maqsura as yaa), الإرهاب is ارهاب
    assert trigrams == {"حرب علي ارهاب", "ارهاب في عراق"}  # a stopword inside, never at an end
    every = set(framing.ngrams(c, n=2, min_count=1, stopwords=True).ngram)
    assert every == {"حرب علي", "علي ارهاب", "ارهاب في", "في عراق"}


def test_min_count_top_and_ranks(corpus):
    grams = framing.ngrams(corpus, by="doc", top=3)
    assert grams.groupby("doc_id").size().max() == 3 and (grams["count"] >= 2).all()
    first = grams[grams.doc_id == "reuters_2023"]
    assert first["rank"].tolist() == [1, 2, 3] and first["count"].is_monotonic_decreasing


def test_query_anchors_the_clusters(corpus):
    grams = framing.ngrams(corpus, query="فصائل", min_count=1)
    assert all("فصائل" in g for g in grams.ngram)  # each holds a form of فصائل
    with pytest.raises(QueryError, match=r"query= takes one word"):
        framing.ngrams(corpus, query="فصائل مسلحة")


@pytest.mark.parametrize("kwargs, message", [
    ({"n": 1}, r"The 'n' parameter of ngrams\(\) must be a whole number from 2 to 5. Got 1 instead."),
    ({"n": 6}, r"The 'n' parameter of ngrams\(\)"),
    ({"min_count": 0}, r"The 'min_count' parameter of ngrams\(\)"),
    ({"by": "author"}, r"author"),
])
def test_bad_parameters_are_named(corpus, kwargs, message):
    with pytest.raises(framing.FramingError, match=message):
        framing.ngrams(corpus, **kwargs)


def test_a_document_given_twice_is_one_document_counted_twice():
    # a corpus made by hand can repeat a doc_id: its sequences occur twice as often, in as many documents
    import pandas as pd

    seeds = framing.load_corpus()
    once = framing.ngrams(seeds, 2, min_count=1)
    twice = framing.ngrams(pd.concat([seeds, seeds], ignore_index=True), 2, min_count=1)
    both = once.merge(twice, on=["outlet", "ngram"], suffixes=("", "_twice"))
    assert len(both) == len(once) == len(twice)
    assert (both.count_twice == 2 * both["count"]).all() and (both.documents_twice == both.documents).all()
