"""grader.check in a student notebook (framing.selfcheck): short, honest, and found in a renamed copy."""

import json
import re

import pytest

from conftest import ROOT
from framing.selfcheck import Checks, init_cell


def case(code, message="the answer has the wrong form", hidden=False):
    return {"code": code, "hidden": hidden, "failure_message": message, "points": 1}


def notebook(folder, file_name="demo.ipynb", assignment="demo", questions=None):
    questions = questions or {
        "q1": [case(">>> assert type(q1_answer) is int, 'q1_answer must be a whole number (an int)'\n"
                    ">>> assert 0 <= q1_answer <= 6, 'q1_answer is a count of 6 words at most'")],
        "q2": [case(">>> assert type(q2_outlet) is str\n"
                    ">>> assert q2_outlet in ('Reuters', 'AFP-French'), "
                    "'q2_outlet must be an outlet of the corpus: Reuters or AFP-French'"),
               case(">>> assert q2_outlet == 'Reuters'", "wrong outlet", hidden=True)],
        "q10": [case(">>> assert type(q10_choice) is str and q10_choice in 'ABCD'")],
    }
    tests = {q: {"name": q, "points": len(cs), "suites": [{"cases": cs, "setup": "", "teardown": "",
                                                         "type": "doctest"}]} for q, cs in questions.items()}
    nb = {"metadata": {"otter": {"assignment_name": assignment, "tests": tests}}, "cells": [], "nbformat": 4}
    path = folder / file_name
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def test_a_passed_check_says_only_the_form_was_checked(tmp_path):
    notebook(tmp_path)
    result = Checks("demo", folder=tmp_path).check("q1", {"q1_answer": 4})
    assert result.passed is True
    assert repr(result) == ("q1: form checked (1 public check passed); "
                            "the value is checked when your work is graded.")


def test_a_failed_check_is_one_line_with_its_hint_and_the_transcript_behind_a_click(tmp_path):
    notebook(tmp_path)
    result = Checks("demo", folder=tmp_path).check("q1", {"q1_answer": 9})
    assert result.passed is False
    assert repr(result) == "q1: not yet. q1_answer is a count of 6 words at most"
    assert "0 <= q1_answer <= 6" in result.transcript
    page = result._repr_html_()
    assert page.index("q1_answer is a count") < page.index("<details") < page.index("0 &lt;= q1_answer")
    assert page.count("<div") == 1  # one visible line; the rest folded


def test_a_misspelt_outlet_fails_the_public_check_but_the_hidden_test_never_runs(tmp_path):
    notebook(tmp_path)
    grader = Checks("demo", folder=tmp_path)
    assert grader.check("q2", {"q2_outlet": "AFP French"}).passed is False
    assert "Reuters or AFP-French" in repr(grader.check("q2", {"q2_outlet": "AFP French"}))
    # a valid outlet that is the wrong answer passes: the public checks do not know the answer
    assert grader.check("q2", {"q2_outlet": "AFP-French"}).passed is True


def test_an_unanswered_question_and_an_unrun_cell_are_named(tmp_path):
    notebook(tmp_path)
    grader = Checks("demo", folder=tmp_path)
    assert repr(grader.check("q1", {"q1_answer": ...})) == (
        "q1: not answered yet: replace the ... in q1_answer = ... with your answer and run that cell.")
    missing = grader.check("q1", {})
    assert missing.passed is False and "q1_answer is not defined" in repr(missing)
    two = Checks("demo", folder=tmp_path)
    two.tests["q3"] = {"suites": [{"cases": [case(">>> assert type(q3_a) is int and type(q3_b) is int")]}]}
    assert repr(two.check("q3", {"q3_a": ..., "q3_b": ...})) == (
        "q3: not answered yet: replace the ... in q3_a = ... and q3_b = ... with your answers and run that cell.")
    assert "in q3_b = ... with your answer and" in repr(two.check("q3", {"q3_a": 1, "q3_b": ...}))


def test_a_redefined_builtin_does_not_change_what_a_check_means(tmp_path):
    notebook(tmp_path)
    grader = Checks("demo", folder=tmp_path)
    env = {"q1_answer": "four", "type": lambda x: int}
    assert grader.check("q1", env).passed is False


def test_check_all_is_in_notebook_order_one_line_each(tmp_path):
    notebook(tmp_path)
    everything = Checks("demo", folder=tmp_path).check_all({"q1_answer": 1, "q2_outlet": "Reuters",
                                                           "q10_choice": ...})
    lines = repr(everything).splitlines()
    assert [ln.split(":")[0] for ln in lines] == ["q1", "q2", "q10"]
    assert everything.passed is False and "q10: not answered yet" in lines[2]


def test_a_renamed_copy_finds_its_checks(tmp_path, monkeypatch):
    notebook(tmp_path, file_name="demo (1).ipynb")
    notebook(tmp_path, file_name="other.ipynb", assignment="other")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    grader = Checks("demo")
    assert grader.source.name == "demo (1).ipynb"
    assert grader.check("q1", {"q1_answer": 2}).passed is True


def test_the_kernel_session_names_the_notebook(tmp_path, monkeypatch):
    elsewhere = tmp_path / "course"
    elsewhere.mkdir()
    path = notebook(elsewhere, file_name="renamed by hand.ipynb")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JPY_SESSION_NAME", str(path))
    assert Checks("demo").source == path


def test_no_notebook_of_the_assignment_is_said_plainly(tmp_path):
    notebook(tmp_path, file_name="other.ipynb", assignment="other")
    result = Checks("demo", folder=tmp_path).check("q1", {})
    assert result.passed is None
    assert "cannot find the checks of demo" in repr(result) and str(tmp_path) in repr(result)
    assert "still graded" in repr(result)


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem)
def test_every_student_notebook_opens_its_checks_by_assignment_name(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    first = "".join(nb["cells"][0]["source"])
    assert first == init_cell(path.stem)
    assert nb["metadata"]["otter"]["assignment_name"] == path.stem
    # messages are plain text: no emoji, which show as boxes without an emoji font
    checks = Checks(path)
    messages = [repr(checks.check(q, {})) for q in checks.questions()]
    assert messages and all(not re.search(r"[\U0001F000-\U0001FFFF\u2600-\u27BF]", m) for m in messages)
