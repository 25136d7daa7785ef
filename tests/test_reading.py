"""read: a whole document with its hits marked (Reuters: غزو in paragraphs 1, 2, 3, 4 and 15, as the text reads)."""

import re

import pytest

import framing
from framing.errors import FramingError


def test_a_querys_hits_are_in_their_paragraphs(corpus):
    r = framing.read(corpus, "reuters_2023", "غزو")
    assert r.hits.unit.tolist() == ["reuters_2023#1", "reuters_2023#2", "reuters_2023#3", "reuters_2023#4",
                                    "reuters_2023#15"]
    assert r.hits.match.tolist() == ["للغزو", "الغزو", "الغزو", "الغزو", "غزو"]
    text = corpus.set_index("doc_id").text["reuters_2023"]
    assert all(text[a:b] == m for a, b, m in zip(r.hits.start, r.hits.end, r.hits.match))
    assert len(r.paragraphs) == 23  # every non-blank line, furniture included (shown in grey)


def test_the_page_marks_each_hit_and_links_it_from_its_row(corpus):
    r = framing.read(corpus, "reuters_2023", lexicon="seeds")
    html = r._repr_html_()
    assert html.startswith('<div lang="ar" dir="rtl"')
    marks = re.findall(r'<mark id="([^"]+)" title="([^"]+)"', html)
    links = re.findall(r'<a href="#([^"]+)">', html)
    assert len(set(a for a, _ in marks)) == len(marks) and set(links) >= {a for a, _ in marks}
    assert {t for _, t in marks} <= set(framing.load_lexicon("seeds").frames.id)
    assert html.count("(page furniture)") == 4  # Reuters' 7th line and its three credit lines
    assert "war_invasion" in r.colours and len(set(r.colours.values())) >= 8
    # two readings on one page never share an id
    again = framing.read(corpus, "reuters_2023", lexicon="seeds")._repr_html_()
    assert not set(re.findall(r'id="([^"]+)"', html)) & set(re.findall(r'id="([^"]+)"', again))


def test_text_is_escaped(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text('doc_id,outlet,text\nd1,X,"غزو <script>alert(1)</script>"\n', encoding="utf-8")
    html = framing.read(framing.load_corpus(path), "d1", "غزو")._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_mistakes_are_named(corpus):
    with pytest.raises(FramingError, match=r"no document 'reuters_2032' \(did you mean 'reuters_2023'\?\)"):
        framing.read(corpus, "reuters_2032")
    with pytest.raises(FramingError, match=r"a query or a lexicon, not both"):
        framing.read(corpus, "reuters_2023", "غزو", lexicon="seeds")
    assert len(framing.read(corpus, "reuters_2023").hits) == 0


def test_the_command_line_writes_the_page(tmp_path, capsys):
    from framing.cli import main

    out = tmp_path / "r.html"
    assert main(["read", "reuters_2023", "--query", "غزو", "--html", str(out), "--format", "csv"]) == 0
    printed = capsys.readouterr().out
    assert printed.lstrip("\ufeff").startswith("unit,term,before,match,after,start,end") and printed.count("\n") == 6
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and page.count("<mark ") == 5
