"""frequencies: counts per group, read off the seed texts, and its rates."""

import pytest

import framing
from framing.errors import FramingError


@pytest.fixture(scope="module")
def corpus():
    return framing.load_corpus()


def test_counts_are_the_terms_of_the_group_added_up(corpus):
    freq = framing.frequencies(corpus, by="event")
    austin = freq[freq.event == "austin_visit_2023"].set_index("term")
    # غزو (invasion): twice in afp_fr_2023, once in afp_ar_2023, five times in reuters_2023 (its KWIC lines)
    assert austin.loc["غزو", "n"] == 8
    terms = framing.terms(corpus)
    docs = corpus.doc_id[corpus.event == "austin_visit_2023"]
    total = terms[terms.doc_id.isin(docs)].n.sum()
    assert (austin.total == total).all()
    assert austin.loc["غزو", "per_1000"] == pytest.approx(1000 * 8 / total)
    assert austin["rank"].is_monotonic_increasing or austin.sort_values("rank").n.is_monotonic_decreasing


def test_top_n_and_groups_of_any_column(corpus):
    top = framing.frequencies(corpus, by="machine_translated", n=3)
    assert top.groupby("machine_translated").size().to_dict() == {"no": 3, "yes": 3}
    assert top["rank"].tolist() == [1, 2, 3, 1, 2, 3]
    by_doc = framing.frequencies(corpus, by="doc", n=1)
    assert list(by_doc.columns[:3]) == ["doc_id", "outlet", "event"] and len(by_doc) == 5


def test_bad_options_are_named(corpus):
    with pytest.raises(FramingError, match="The 'n' parameter of frequencies\\(\\) must be a whole number >= 1 or None"):
        framing.frequencies(corpus, n=0)
    with pytest.raises(FramingError, match="The 'by' parameter of frequencies\\(\\) must be 'doc' or a metadata"):
        framing.frequencies(corpus, by="author")


def test_the_command(capsys):
    from framing.cli import main

    assert main(["frequencies", "--by", "outlet", "--top", "1", "--format", "json"]) == 0
    import json

    rows = json.loads(capsys.readouterr().out)
    # Reuters names Iraq 15 times: العراق, للعراق, والعراق 14 times, عراق once (its text_clean)
    assert {r["outlet"]: (r["term"], r["n"]) for r in rows}["Reuters"] == ("عراق", 15)
    assert main(["frequencies", "--top", "0"]) == 2
    assert "The --top option must be a whole number >= 1. Got 0 instead." in capsys.readouterr().err


def test_a_corpus_of_stopwords_gives_an_empty_table_not_a_traceback(tmp_path):
    path = tmp_path / "stop.csv"
    path.write_text("doc_id,outlet,text\na,X,في من على\n", encoding="utf-8")
    freq = framing.frequencies(framing.load_corpus(path))
    assert len(freq) == 0 and list(freq.columns) == ["outlet", "term", "n", "total", "per_1000", "rank"]
