"""How results look: Arabic cells right to left under their header, in HTML and in print."""

import re

import pandas as pd
import pytest

import framing
from framing import display
from framing.display import Table, table_html

FSI, PDI = "\u2068", "\u2069"


@pytest.fixture(scope="module")
def corpus():
    return framing.load_corpus()


def test_arabic_cells_are_right_to_left_and_others_untouched():
    page = table_html(pd.DataFrame({"term": ["غزو", "Iraq"], "n": [5, -2]}))
    assert re.search(r'<td style="text-align:right;[^"]*"><bdi dir="rtl">غزو</bdi></td>', page)
    assert "<td>Iraq</td>" in page and "<td>-2</td>" in page


def test_arabic_row_labels_and_column_names_are_right_to_left_too():
    frame = pd.DataFrame({"رويترز": [1]}, index=pd.Index(["عراق"], name="term"))
    page = table_html(frame)
    assert '<bdi dir="rtl">رويترز</bdi></th>' in page and '<bdi dir="rtl">عراق</bdi></th>' in page


def test_a_cell_with_html_in_it_stays_escaped():
    page = table_html(pd.DataFrame({"term": ["<b>غزو</b>"]}))
    assert "<b>غزو" not in page and "&lt;b&gt;غزو&lt;/b&gt;" in page


@pytest.mark.parametrize("verb", [
    lambda c: framing.terms(c),
    lambda c: framing.tfidf(c),
    lambda c: framing.top_terms(c, 3),
    lambda c: framing.keyness(c, "outlet=Reuters", "outlet=AFP-French,AFP-Arabic"),
    lambda c: framing.collocates(c, "القوات"),
    lambda c: framing.frame_counts(c),
    lambda c: framing.choices(c),
    lambda c: framing.tokens(c),
    lambda c: framing.summary(c),
    lambda c: framing.load_lexicon().terms,
    lambda c: framing.load_choices(),
], ids=["terms", "tfidf", "top_terms", "keyness", "collocates", "frame_counts", "choices", "tokens", "summary",
        "lexicon_terms", "load_choices"])
def test_every_result_that_holds_arabic_is_a_table(corpus, verb):
    table = verb(corpus)
    assert isinstance(table, Table)
    if table.map(display._has_arabic).to_numpy().any():
        assert '<bdi dir="rtl">' in table._repr_html_()


def test_what_a_student_makes_from_a_table_is_a_table(corpus):
    counts = framing.terms(corpus)
    assert type(counts[counts.term == "غزو"]) is Table
    assert type(counts[["doc_id", "term", "n"]].head()) is Table
    assert type(counts["term"]).__name__ == "Column"
    top = framing.top_terms(corpus, 3, by="outlet")
    assert type(top.pivot(index="rank", columns="outlet", values="term")) is Table


def test_printed_in_a_notebook_arabic_cells_are_isolated_and_columns_stay_aligned(monkeypatch):
    monkeypatch.setattr(display, "in_notebook", lambda: True)
    table = Table({"term": ["غزو", "عراق", "x"], "g2": [-3.97, 12.5, 0.0], "doc_id": ["a", "bb", "c"]})
    text = repr(table)
    assert f"{FSI}غزو{PDI}" in text and "-3.97" in text
    lines = text.splitlines()
    assert len({len(line) for line in lines}) == 1, lines  # every column padded to one width
    assert f"{FSI}غزو{PDI}" in table.to_string()
    assert f"{FSI}عراق{PDI}" in repr(table.set_index("term")["g2"])


def test_printed_in_a_terminal_a_table_is_what_pandas_prints():
    table = Table({"term": ["غزو"], "g2": [-3.97]})
    assert repr(table) == repr(pd.DataFrame(table)) and FSI not in repr(table)


def test_in_a_notebook_a_dataframe_made_without_the_kit_shows_arabic_right_to_left():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    from framing.display_hook import show_arabic_in_every_table

    assert show_arabic_in_every_table(shell) is True
    shown, _ = shell.display_formatter.format(pd.DataFrame({"word": ["إذا"], "n": [3]}))
    assert '<bdi dir="rtl">إذا</bdi>' in shown["text/html"]
    shown, _ = shell.display_formatter.format(pd.Series([5, 1], index=["غزو", "x"]))
    assert '<bdi dir="rtl">غزو</bdi>' in shown["text/html"]
    shown, _ = shell.display_formatter.format(pd.Series([5, 1]))
    assert "text/html" not in shown  # a Series without Arabic shows as text, as pandas does


def test_a_concordance_with_many_label_columns_shows_less_context(corpus):
    from framing.display import CONTEXT_CHARS, _context_chars

    hits = framing.kwic(corpus, "غزو", window=20)
    lexicon = framing.frame_hits(corpus, "seeds", window=20)
    few = _context_chars(hits, ["doc_id", "outlet", "event"], CONTEXT_CHARS)
    many = _context_chars(lexicon, ["doc_id", "outlet", "event", "frame", "term"], CONTEXT_CHARS)
    assert 12 <= many < few <= CONTEXT_CHARS
    assert f"longer than {many} characters" in lexicon._repr_html_()
    assert 'title="characters ' in hits._repr_html_() and ">start<" not in hits._repr_html_()


def test_importing_ipykernel_does_not_make_a_process_a_notebook():
    import ipykernel  # noqa: F401  (as nbclient's tests, or any tool, may import it)

    assert display.in_notebook() is False
    assert FSI not in repr(Table({"term": ["غزو"]}))


def test_a_printed_column_with_arabic_labels_stays_aligned(monkeypatch):
    monkeypatch.setattr(display, "in_notebook", lambda: True)
    column = framing.display.Column([5, 1], index=["غزو", "x"])
    lines = repr(column).splitlines()[:2]
    assert lines[0].startswith(f"{FSI}غزو{PDI}") and lines[1].startswith(f"{FSI}x{PDI}")
    assert len(lines[0]) == len(lines[1])  # every label isolated, as a Table's
