"""Grouping by date and selecting documents: the seeds' dates are 2023-03-07 (three AFP and Reuters texts),
2021-03 (the unattributed text) and 2024-07-22 (Al-Monitor); translated: afp_fr, reuters, almonitor."""

import pandas as pd
import pytest

import framing
from framing.errors import FramingError, QueryError


def test_by_year_and_month_from_the_date(corpus):
    counts = framing.frame_counts(corpus, by="year", n_boot=20)
    assert sorted(set(counts.year)) == ["2021", "2023", "2024"]
    inv = counts[counts.frame == "war_invasion"].set_index("year").hits
    assert inv.to_dict() == {"2023": 8, "2021": 0, "2024": 0}  # غزو: 1 + 2 + 5 in the three 2023 texts
    months = framing.frequencies(corpus, by="month", n=1)
    assert sorted(months.month) == ["2021-03", "2023-03", "2024-07"]
    assert set(framing.tfidf(corpus, by="year").year) == {"2021", "2023", "2024"}


def test_a_date_that_does_not_say_the_month_is_named(corpus):
    bad = corpus.assign(date=["2023-03-07", "2023-03-07", "2023-03-07", "2021", "2024-07-22"])
    with pytest.raises(QueryError, match=r"document 'unknown_2021' has the date '2021', and by='month' needs"):
        framing.frequencies(bad, by="month")
    assert framing.frequencies(bad, by="year", n=1).year.tolist() == ["2023", "2021", "2024"]
    missing = corpus.assign(date=[None, "2023-03-07", "2023-03-07", "2021-03", "2024-07-22"])
    with pytest.raises(QueryError, match=r"document 'afp_fr_2023' has the date ''"):
        framing.ngrams(missing, by="year")


def test_a_corpus_with_its_own_year_column_keeps_it(corpus):
    own = corpus.assign(year=["y1", "y1", "y2", "y2", "y2"])
    assert sorted(set(framing.frequencies(own, by="year").year)) == ["y1", "y2"]


def test_select_leaves_out_or_keeps_the_translations(corpus):
    assert framing.select(corpus, "machine_translated=no").doc_id.tolist() == ["afp_ar_2023", "unknown_2021"]
    assert framing.select(corpus, "machine_translated=yes", keep=False).doc_id.tolist() == [
        "afp_ar_2023", "unknown_2021"]
    both = framing.frame_counts(corpus, by="machine_translated", n_boot=20)
    assert sorted(set(both.machine_translated)) == ["no", "yes"]
    with pytest.raises(FramingError, match=r"No document has outlet 'BBC'. The outlets are: AFP-Arabic"):
        framing.select(corpus, "outlet=BBC")
    with pytest.raises(FramingError, match=r"keep=False leaves none"):
        framing.select(corpus, {"event": ["austin_visit_2023", "troops_dialogue"]}, keep=False)
    assert isinstance(framing.select(corpus, {"outlet": "Reuters"}), pd.DataFrame)
