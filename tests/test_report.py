"""framing.grading.report: what the class got wrong, counted by hand on small results."""

from __future__ import annotations

import ast
import base64
import copy
import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest

from framing.errors import FramingError
from framing.grading.report import case_summary, question_summary, read_results, write_report

HOSTILE = "<script>alert(1)</script>"
ARABIC = "سارة"


def case(name, passed, message=""):
    return {"name": name, "hidden": False, "points": 1.0, "passed": passed, "message": message}


def q1(pass1, pass2, msg1="", msg2=""):
    score = float(pass1) + 2.0 * pass2
    return {"score": score, "attempted": True, "cases": [case("q1 - 1", pass1, msg1), case("q1 - 2", pass2, msg2)]}


@pytest.fixture
def results():
    # 4 students. q1 (3 points): case 1 passed by ana, ben, chen (3/4); case 2 by ana only (1/4).
    # q2 (hand-graded, 5 points): ana and ben attempted it; dana never appears (older file, no q2 entry).
    return {
        "version": 1, "assignment": "01_corpus", "run": "r1",
        "questions": {
            "q1": {"possible": 3.0, "manual": False, "cases": [{"name": "q1 - 1", "hidden": False, "points": 1.0},
                                                                {"name": "q1 - 2", "hidden": True, "points": 2.0}]},
            "q2": {"possible": 5.0, "manual": True, "cases": []},
        },
        "students": {
            "ben": {"status": "ok", "questions": {
                "q1": q1(True, False, msg2="wrong length"), "q2": {"score": None, "attempted": True, "cases": []}}},
            "ana": {"status": "ok", "questions": {
                "q1": q1(True, True), "q2": {"score": None, "attempted": True, "cases": []}}},
            "chen": {"status": "ok", "questions": {
                "q1": q1(True, False, msg2="wrong length"), "q2": {"score": None, "attempted": False, "cases": []}}},
            "dana": {"status": "ok", "questions": {
                "q1": {"score": 0.0, "attempted": False, "cases": [
                    case("q1 - 1", False, "NameError: name 'x' is not defined"), case("q1 - 2", False, "")]}}},
        },
    }


def test_question_summary_counts_by_hand(results):
    table = question_summary(results)
    assert table["question"].tolist() == ["q1", "q2"]
    first, manual = table.iloc[0], table.iloc[1]
    assert (first["possible"], first["students"], first["attempted"]) == (3.0, 4, 3)
    assert first["not_attempted"] == "dana"
    assert first["mean"] == pytest.approx((3 + 1 + 1 + 0) / 4)
    assert first["full"] == 1 and not first["manual"]
    assert manual["manual"] and manual["attempted"] == 2
    assert manual["not_attempted"] == "chen, dana"  # dana has no q2 entry at all: not attempted
    assert math.isnan(manual["mean"]) and pd.isna(manual["full"])


def test_a_student_without_questions_did_not_attempt_and_scores_zero(results):
    results["students"]["eve"] = {"status": "unreadable", "questions": {}}
    first = question_summary(results).iloc[0]
    assert (first["students"], first["attempted"], first["not_attempted"]) == (5, 3, "dana, eve")
    assert first["mean"] == pytest.approx(5 / 5)


def test_case_summary_shares_and_common_messages(results):
    table = case_summary(results)
    assert table["case"].tolist() == ["q1 - 1", "q1 - 2"]  # manual q2 has no row
    assert table["share"].tolist() == [0.75, 0.25]
    assert table["passed"].tolist() == [3, 1] and table["failures"].tolist() == [1, 3]
    assert table["students"].tolist() == [4, 4] and table["hidden"].tolist() == [False, True]
    assert table["points"].tolist() == [1.0, 2.0]
    assert table.loc[0, "common"] == "NameError: name 'x' is not defined (1)"
    assert table.loc[1, "common"] == "wrong length (2); (no message) (1)"
    assert case_summary(results, worst_first=True)["case"].tolist() == ["q1 - 2", "q1 - 1"]


def test_top_three_messages_only_and_ungraded_students_fail(results):
    for name, msg in [("f1", "a"), ("f2", "b"), ("f3", "b"), ("f4", "c")]:
        results["students"][name] = {"status": "ok", "questions": {"q1": q1(True, False, msg2=msg)}}
    results["students"]["zed"] = {"status": "timeout", "questions": {}}
    row = case_summary(results).iloc[1]
    assert row["students"] == 9 and row["passed"] == 1 and row["failures"] == 8
    assert row["common"] == "b (2); wrong length (2); (no message) (1)"
    first = case_summary(results).iloc[0]
    assert first["share"] == pytest.approx(7 / 9)
    assert "no result (timeout) (1)" in first["common"]


def test_no_students_gives_nan_share(results):
    results["students"] = {}
    assert case_summary(results)["share"].isna().all()
    assert question_summary(results)["mean"].isna().all()


def test_read_results_round_trip(tmp_path, results):
    path = tmp_path / "01_corpus.results.json"
    path.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    assert read_results(path) == results


@pytest.mark.parametrize("content, what", [
    (None, "does not exist"), ("{not json", "not valid JSON"), ('{"version": 2, "questions": {}, "students": {}}',
                                                                "version 2"), ("[1, 2]", "version None"),
    ('{"version": 1, "questions": {}}', "'students'"),
])
def test_read_results_errors_name_the_file(tmp_path, content, what):
    path = tmp_path / "bad.results.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(FramingError, match=re.escape(what)) as err:
        read_results(path)
    assert str(path) in str(err.value)


def test_the_module_does_not_import_the_grader_or_the_cli():
    tree = ast.parse(Path(__file__).resolve().parents[1].joinpath("framing/grading/report.py").read_text("utf-8"))
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not names & {"framing.grading.grade", "framing.cli", "framing.grading"}


def page(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_report_is_self_contained_and_worst_first(tmp_path, results):
    out = write_report(results, tmp_path / "sub" / "report.html")
    assert out == tmp_path / "sub" / "report.html"
    html = page(out)
    assert '<meta charset="utf-8">' in html and '<html lang="en">' in html
    assert ('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
            'style-src \'unsafe-inline\'">') in html
    assert "<script" not in html.lower()
    assert not re.search(r'(src|href)="(?!data:)', html)  # nothing loaded from outside
    assert "01_corpus" in html and "r1" in html and "4 students" in html
    png = re.search(r'<img src="data:image/png;base64,([^"]+)" alt="[^"]+"', html)
    assert png and base64.b64decode(png.group(1)).startswith(b"\x89PNG\r\n\x1a\n")
    table = html[html.index("Test cases, worst first"):]
    assert table.index(">q1 - 2<") < table.index(">q1 - 1<")
    assert "25%" in table and "75%" in table
    assert "wrong length <b>(2)</b>" in table
    missed = html[html.index("Did not attempt"):]
    assert "chen, dana" in missed
    assert "Similar answers" not in html
    assert list(tmp_path.joinpath("sub").iterdir()) == [out]  # no temporary file left behind


def test_report_escapes_hostile_names_and_messages(tmp_path, results):
    results["students"][ARABIC] = {"status": HOSTILE, "questions": {"q1": q1(False, False, msg1=HOSTILE)}}
    similar = pd.DataFrame([{"question": "q2", "student_a": ARABIC, "student_b": HOSTILE, "similarity": 0.912,
                             "reason": "same wording"}])
    html = page(write_report(results, tmp_path / "r.html", similar=similar))
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert re.search(r'<td dir="auto">[^<]*' + ARABIC, html)
    assert re.search(r'<li dir="auto">&lt;script&gt;', html)
    assert "Similar answers — to read, never a penalty" in html and "0.91" in html


def test_similar_section_only_with_rows(tmp_path, results):
    empty = pd.DataFrame(columns=["question", "student_a", "student_b", "similarity", "reason"])
    assert "Similar answers" not in page(write_report(results, tmp_path / "a.html", similar=empty))
    with pytest.raises(FramingError, match="reason"):
        write_report(results, tmp_path / "b.html", similar=pd.DataFrame([{"question": "q1", "student_a": "a",
                                                                            "student_b": "b", "similarity": 1.0}]))


def test_report_into_a_folder_and_without_cases(tmp_path, results):
    only_manual = copy.deepcopy(results)
    del only_manual["questions"]["q1"]
    out = write_report(only_manual, tmp_path)
    assert out == tmp_path / "01_corpus.report.html"
    html = page(out)
    assert "No auto-graded test case" in html and "<img" not in html


# The shape of a real run (01_corpus, 4 students: two full marks, one not attempted, one all wrong).
REAL = {
    "version": 1, "assignment": "01_corpus", "run": "1175bc0896b8",
    "questions": {"q1": {"possible": 3.0, "manual": False, "cases": [
        {"name": "q1 - 1", "hidden": False, "points": 0.5}, {"name": "q1 - 2", "hidden": True, "points": 1.5},
        {"name": "q1 - 3", "hidden": True, "points": 1.0}]},
        "q9": {"possible": 5.0, "manual": True, "cases": []}},
    "students": {},
}
_MSGS = ["AssertionError: q1_mt must be a set (or list) of doc_id strings, e.g. {'afp_ar_2023'}",
         "q1_mt is not the set of machine-translated documents: read the machine_translated column again.",
         "q1_high_mt: look for confidence high and machine_translated yes in the same row."]
for _name, _status, _ok in [("alice", "ok", True), ("bob", "ok", True), ("chen", "not attempted", False),
                            ("dana", "ok", False)]:
    _cases = [dict(c, passed=_ok, message="" if _ok else m) for c, m in zip(REAL["questions"]["q1"]["cases"], _MSGS)]
    REAL["students"][_name] = {"status": _status, "questions": {
        "q1": {"score": 3.0 if _ok else 0.0, "attempted": _ok, "cases": _cases}}}


def test_real_shape(tmp_path):
    questions = question_summary(REAL)
    assert questions["not_attempted"].tolist() == ["chen, dana", "alice, bob, chen, dana"]  # q9 absent: older file
    assert questions.loc[0, "mean"] == 1.5 and questions.loc[0, "full"] == 2
    cases = case_summary(REAL)
    assert cases["share"].tolist() == [0.5, 0.5, 0.5]
    assert cases.loc[0, "common"] == _MSGS[0] + " (2)"
    html = page(write_report(REAL, tmp_path / "real.html"))
    assert "{&#39;afp_ar_2023&#39;}" in html and "not attempted" in html


def test_messages_are_grouped_after_whitespace_and_cut_for_display(results):
    results["students"]["ben"]["questions"]["q1"]["cases"][1]["message"] = "wrong\n   length "
    results["students"]["ana"]["questions"]["q1"]["cases"][0].update(passed=False, message="x" * 500)
    table = case_summary(results)
    assert table.loc[1, "common"].startswith("wrong length (2);")
    assert "x" * 199 + "… (1)" in table.loc[0, "common"] and "x" * 200 not in table.loc[0, "common"]
