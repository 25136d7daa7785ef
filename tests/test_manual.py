"""Hand-graded questions: read from the masters, and each student's answer read from a notebook without running it."""

import json

import pytest

from conftest import ROOT
from framing.errors import FramingError
from framing.grading.manual import PLACEHOLDER, master_questions, read_answers

MASTERS = ROOT / "instructor" / "masters"
Q = {"name": "q9", "points": 5.0, "prompt": "**Question 9.** Is the claim supported?", "model": "No.", "template": ""}


def cell(kind, source, **metadata):
    return {"cell_type": kind, "source": source, "metadata": metadata, **({"outputs": []} if kind == "code" else {})}


def notebook(*cells):
    return json.dumps({"cells": list(cells), "metadata": {}, "nbformat": 4}).encode()


def region(*answer):
    return [cell("markdown", "<!-- BEGIN QUESTION -->\n\n**Question 9.** Is the claim supported?", editable=False),
            *answer, cell("markdown", "<!-- END QUESTION -->\n\n## What to take away", editable=False)]


@pytest.mark.parametrize("name, question, points", [
    ("01_corpus", "q9", 5.0), ("02_words", "q10", 4.0), ("03_kwic", "q11", 4.0),
    ("04_lexicons", "q8", 4.0), ("05_comparing", "q8", 4.0),
    ("06_validating", "q7", 4.0)])
def test_each_master_has_its_hand_graded_question_with_points_and_model_answer(name, question, points):
    (q,) = master_questions(MASTERS / f"{name}.ipynb")
    assert (q["name"], q["points"]) == (question, points)
    assert "Rubric" in q["prompt"] or "rubric" in q["prompt"]
    assert len(q["model"]) > 200 and q["model"] not in q["prompt"]


def test_a_manual_question_without_points_or_model_answer_is_refused(tmp_path):
    cells = [cell("raw", "# BEGIN QUESTION\nname: q3\nmanual: true"), cell("markdown", "**Question 3.** Why?"),
             cell("raw", "# BEGIN SOLUTION"), cell("markdown", "Because."), cell("raw", "# END SOLUTION"),
             cell("raw", "# END QUESTION")]
    path = tmp_path / "m.ipynb"
    path.write_bytes(notebook(*cells))
    with pytest.raises(FramingError, match=r"m.ipynb: hand-graded question q3 has no points"):
        master_questions(path)
    cells[0] = cell("raw", "# BEGIN QUESTION\nname: q3\nmanual: true\npoints: 2")
    del cells[2:5]
    path.write_bytes(notebook(*cells))
    with pytest.raises(FramingError, match=r"question q3 has no model answer"):
        master_questions(path)


def test_the_answer_is_what_the_student_typed_arabic_and_markdown_kept():
    text = "لا: **الميليشيات** is the engine's word."
    got = read_answers(notebook(*region(cell("markdown", text, tags=["otter_answer_cell"]))), [Q])["q9"]
    assert got == {"text": text, "blank": False, "found": True}


def test_the_placeholder_alone_is_blank_and_a_missing_question_is_not_found():
    blank = notebook(*region(cell("markdown", PLACEHOLDER, tags=["otter_answer_cell"])))
    assert read_answers(blank, [Q])["q9"] == {"text": "", "blank": True, "found": True}
    deleted = notebook(cell("markdown", "# my notebook"), cell("code", "x = 1"))
    assert read_answers(deleted, [Q])["q9"]["found"] is False
    for junk in (b"", b"{not json", b"[1, 2]", "{\"cells\": 5}".encode(), b"[" * 100000):
        assert read_answers(junk, [Q])["q9"] == {"text": "", "blank": True, "found": False}


def test_extra_cells_a_student_adds_count_and_the_question_cells_do_not():
    cells = region(cell("code", "q8_terms = ['غزو']", tags=["otter_answer_cell"]),
                   cell("code", "print(q8_terms)", editable=False),
                   cell("markdown", "First part.", tags=["otter_answer_cell"]),
                   cell("markdown", "A second cell I added."))
    cells[2]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "['غزو']\n"}]
    text = read_answers(notebook(*cells), [Q])["q9"]["text"]
    assert text == "```python\nq8_terms = ['غزو']\n```\n\nFirst part.\n\nA second cell I added."
    # the unchanged template of a question with a code cell is blank
    template = {**Q, "template": "```python\nq8_terms = ...\n```"}
    unchanged = region(cell("code", "q8_terms = ...", tags=["otter_answer_cell"]),
                       cell("markdown", PLACEHOLDER, tags=["otter_answer_cell"]))
    assert read_answers(notebook(*unchanged), [template])["q9"]["blank"] is True


def test_code_output_is_shown_as_text_and_cannot_close_its_block():
    code = cell("code", "print('```')", tags=["otter_answer_cell"])
    code["outputs"] = [{"output_type": "execute_result", "data": {"text/plain": "```\n# Heading?",
                                                                  "text/html": "<script>x()</script>"}}]
    text = read_answers(notebook(*region(code)), [Q])["q9"]["text"]
    assert "````python\nprint('```')\n````" in text and "````\n```\n# Heading?\n````" in text
    assert "<script>" not in text


def test_a_question_whose_text_was_edited_is_found_by_its_place_and_long_answers_are_cut():
    cells = region(cell("markdown", "x" * 30_000))
    cells[0]["source"] = "<!-- BEGIN QUESTION -->\n\nI rewrote the question."
    got = read_answers(notebook(*cells), [Q])["q9"]
    assert got["found"] and got["text"].startswith("x" * 20_000) and "cut here: 10,000 more characters" in got["text"]
