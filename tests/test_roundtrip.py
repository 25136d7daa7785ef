"""An instructor's whole round trip, on the command line: download -> collect -> grade -> sheets -> merge -> export.

A three-question master (tests/fixtures/00_demo.ipynb with a question graded by
hand added): q1 3 points (the KWIC hits of غزو in Reuters: 5), q2 2 points
("AFP-Arabic"; 1 point for a str), q3 4 points by hand. Two classes:

Canvas (a zip, file names as Canvas writes them):
  amal   honest, on time                     auto 3 + 2 = 5, by hand 3.5
  badr   partial (q2 the wrong outlet), LATE auto 3 + 1 = 4, by hand 2, -10%
  chen   blank (the notebook as released)    auto 0, by hand 0 (pre-filled: not answered)
  dalia  LATE, resubmitted (-1 honest; the first upload blank), extension: no penalty
         auto 5, by hand 4; her q3 is amal's with other harakat and alef forms: a pair to read
  eve    in the gradebook, no submission     not graded; her Canvas cell stays as exported

Moodle (per-student folders; late from the worksheet's status):
  ليلى حسن honest, on time  5 + 3 = 8
  Omar Farouk partial, late 4 + 2 = 6, -10% = 5.4
  Sara Ali blank            0

Every number asserted is worked out here from these lines, not read back from the code.
"""

from __future__ import annotations

import csv
import io
import zipfile

import nbformat
import pytest

from conftest import ROOT, sandbox_or_skip
from framing.cli import main
from framing.grading import release
from framing.grading.manual import PLACEHOLDER

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

BOM = b"\xef\xbb\xbf"
ANSWER_A = ("تصف رويترز ما جرى بأنه غزو، وهي كلمة تحمل حكما على شرعية الفعل، بينما تختار وكالة الصحافة "
            "الفرنسية عبارة عملية عسكرية التي تبدو محايدة.")
# amal's answer with harakat added and hamza forms dropped: the same words to the kit's normalisation
ANSWER_A_COPY = ("تَصِفُ رويترز ما جرى بانه غزوٌ، وهي كلمة تحمل حكما على شرعيه الفعل، بينما تختار وكالة الصحافة "
                 "الفرنسية عبارة عملية عسكرية التي تبدو محايدة.")
ANSWER_B = ("The word غزو (ghazw, invasion) is stronger than عملية عسكرية, but I did not check who says it: "
            "a quotation or the outlet.")
ANSWER_OMAR = "AFP uses عملية عسكرية and Reuters uses غزو, which is a judgement; the numbers are small."


def master(path):
    nb = nbformat.read(ROOT / "tests" / "fixtures" / "00_demo.ipynb", as_version=4)
    nb.cells[0].source = nb.cells[0].source.replace("name: 00_demo", "name: 00_hand")
    nb.cells += [
        nbformat.v4.new_raw_cell("# BEGIN QUESTION\nname: q3\npoints: 4\nmanual: true"),
        nbformat.v4.new_markdown_cell("**Question 3 (graded by hand).** Which word frames the event more "
                                      "strongly, غزو or عملية عسكرية? Use your counts.\n\n**Rubric (4 points).** "
                                      "2 for naming the loaded word, 2 for asking whose words they are."),
        nbformat.v4.new_raw_cell("# BEGIN SOLUTION"),
        nbformat.v4.new_markdown_cell("**Model answer.** غزو judges the act; check quotations before counting."),
        nbformat.v4.new_raw_cell("# END SOLUTION"),
        nbformat.v4.new_raw_cell("# END QUESTION"),
    ]
    nbformat.write(nb, path / "00_hand.ipynb")
    return path / "00_hand.ipynb"


def answered(student_nb, q1=None, q2=None, q3=None) -> bytes:
    nb = nbformat.read(student_nb, as_version=4)
    for cell in nb.cells:
        if q1 is not None:
            cell.source = cell.source.replace("q1_answer = ...", f"q1_answer = {q1!r}")
        if q2 is not None:
            cell.source = cell.source.replace("q2_answer = ...", f"q2_answer = {q2!r}")
        if q3 is not None and cell.cell_type == "markdown" and cell.source.strip() == PLACEHOLDER:
            cell.source = q3
    return nbformat.writes(nb).encode()


def csv_rows(path):
    data = path.read_bytes()
    assert data.startswith(BOM), f"{path.name}: no byte-order mark"
    return list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def write_csv(path, rows):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(BOM + buffer.getvalue().encode("utf-8"))
    return path


def fill_sheet(sheets, scores: dict, out):
    """Fill q3.csv as a grader does in a spreadsheet; ``scores`` is {student: (score, comment)}, by key.csv."""
    key = {r["code"]: r["student"] for r in csv_rows(sheets / "key.csv") if r["question"] == "q3"}
    rows = csv_rows(sheets / "q3.csv")
    for row in rows:
        student = key[row["code"]]
        if student in scores:
            row["score"], row["comment"] = scores[student]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    out.write_bytes(BOM + buffer.getvalue().encode("utf-8"))
    return out


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    sandbox_or_skip()
    tmp = tmp_path_factory.mktemp("roundtrip")
    made = release(master(tmp), tmp / "students", tmp / "dist", run_tests=False)[0]
    return tmp, made["student"], made["bundle"]


def cli(capsys, *args):
    capsys.readouterr()
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out, err


def test_canvas_round_trip(released, tmp_path, capsys):
    _, student, bundle = released
    blank = answered(student)
    download = tmp_path / "ARB101-00_hand submissions.zip"
    with zipfile.ZipFile(download, "w") as zf:
        zf.writestr("haddadamal_11111_900001_00_hand.ipynb", answered(student, 5, "AFP-Arabic", ANSWER_A))
        zf.writestr("nasserbadr_LATE_22222_900002_00_hand.ipynb", answered(student, 5, "Reuters", ANSWER_B))
        zf.writestr("chenwei_33333_900003_00_hand.ipynb", blank)
        zf.writestr("saliddalia_LATE_44444_900004_00_hand.ipynb", blank)
        zf.writestr("saliddalia_LATE_44444_900009_00_hand-1.ipynb",
                    answered(student, 5, "AFP-Arabic", ANSWER_A_COPY))
    header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "00_hand (77)", "Current Score"]
    export = write_csv(tmp_path / "2026-10-05T0900_Grades-ARB101.csv", [
        header,
        ["    Points Possible", "", "", "", "", "9", "(read only)"],
        ["Haddad, Amal", "11111", "S1", "amal", "ARB 101", "", ""],
        ["Nasser, Badr", "22222", "S2", "badr", "ARB 101", "", ""],
        ["Chen, Wei", "33333", "S3", "wei", "ARB 101", "", ""],
        ["Salid, Dalia", "44444", "S4", "dalia", "ARB 101", "", ""],
        ["Ezzat, Eve", "55555", "S5", "eve", "ARB 101", "6", ""],   # no submission; a score typed in Canvas
    ])
    subs = tmp_path / "subs"
    cli(capsys, "collect", download, "--out", subs, "--roster", export)
    table = {r["student"]: r for r in csv_rows(subs / "submissions.csv")}
    assert sorted(table) == ["Amal Haddad", "Badr Nasser", "Dalia Salid", "Eve Ezzat", "Wei Chen"]
    assert [table[s]["late"] for s in ("Amal Haddad", "Badr Nasser", "Dalia Salid")] == ["False", "True", "True"]
    assert table["Dalia Salid"]["source"] == "saliddalia_LATE_44444_900009_00_hand-1.ipynb"
    assert table["Eve Ezzat"]["note"].startswith("missing")
    assert sorted(p.name for p in subs.glob("*.ipynb")) == ["Amal Haddad.ipynb", "Badr Nasser.ipynb",
                                                            "Dalia Salid.ipynb", "Wei Chen.ipynb"]

    grades = tmp_path / "grades" / "00_hand.csv"
    _, err = cli(capsys, "grade", subs, "--bundle", bundle, "--out", grades, "--timeout", "120")
    assert "grading 00_hand: 4/4 graded" in err and "q3.html" in err
    auto = {r["student"]: r for r in csv_rows(grades)}
    assert {s: (float(r["q1"]), float(r["q2"]), float(r["total"]), r["status"]) for s, r in auto.items()} == {
        "Amal Haddad": (3, 2, 5, "ok"), "Badr Nasser": (3, 1, 4, "ok"), "Wei Chen": (0, 0, 0, "not attempted"),
        "Dalia Salid": (3, 2, 5, "ok")}

    similar = csv_rows(grades.parent / "00_hand-similar.csv")
    assert [(r["question"], r["student_a"], r["student_b"]) for r in similar] == [("q3", "Amal Haddad",
                                                                                  "Dalia Salid")]
    assert float(similar[0]["similarity"]) == pytest.approx(1.0, abs=0.001)
    report = (grades.parent / "00_hand-report.html").read_text(encoding="utf-8")
    assert "Amal Haddad" in report and "Dalia Salid" in report and "never a penalty" in report

    sheets = grades.parent / "00_hand-sheets"
    page = (sheets / "q3.html").read_text(encoding="utf-8")
    assert "Amal Haddad" not in page and page.count('class="score"') == 4
    filled = fill_sheet(sheets, {"Amal Haddad": ("3.5", "Clear."), "Badr Nasser": ("2", "Ask whose words."),
                                 "Dalia Salid": ("4", "")}, tmp_path / "q3-filled.csv")
    policy = tmp_path / "late.yaml"
    policy.write_text("penalty: 10\nextensions:\n  - Dalia Salid\n", encoding="utf-8")
    cli(capsys, "merge", grades, filled, "--submissions", subs / "submissions.csv", "--late", policy)
    final = {r["student"]: r for r in csv_rows(grades.parent / "00_hand-final.csv")}
    eve = final.pop("Eve Ezzat")  # in the gradebook, no notebook: listed, no score
    assert (eve["status"], eve["total"], eve["auto"]) == ("no submission", "", "")
    got = {s: (float(r["auto"]), float(r["q3"]), float(r["penalty"]), float(r["total"]), float(r["possible"]))
           for s, r in final.items()}
    assert got == {"Amal Haddad": (5, 3.5, 0, 8.5, 9), "Badr Nasser": (4, 2, 0.6, 5.4, 9),
                   "Wei Chen": (0, 0, 0, 0, 9), "Dalia Salid": (5, 4, 0, 9, 9)}
    assert final["Badr Nasser"]["late"] == "True" and "late: -10%" in final["Badr Nasser"]["message"]
    assert final["Dalia Salid"]["late"] == "True" and "extension" in final["Dalia Salid"]["message"]
    feedback = (grades.parent / "00_hand-feedback" / "Badr Nasser.md").read_text(encoding="utf-8")
    assert "Score: 5.4 / 9 (auto-graded 4, graded by hand 2, late penalty -0.6" in feedback
    assert "## q3 (graded by hand): 2 / 5" not in feedback and "## q3 (graded by hand): 2 / 4" in feedback
    assert "> Ask whose words." in feedback

    upload = tmp_path / "canvas-import.csv"
    cli(capsys, "export", grades.parent / "00_hand-final.csv", "--canvas", export, "--out", upload,
        "--submissions", subs / "submissions.csv")
    rows = csv_rows(upload)
    column = {r["Student"]: r["00_hand (77)"] for r in rows}
    assert column == {"    Points Possible": "9", "Haddad, Amal": "8.5", "Nasser, Badr": "5.4", "Chen, Wei": "0",
                      "Salid, Dalia": "9", "Ezzat, Eve": "6"}
    with zipfile.ZipFile(tmp_path / "canvas-import-comments.zip") as zf:
        names = sorted(zf.namelist())
        badr = zf.read("nasserbadr_LATE_22222_900002_00_hand.md").decode("utf-8")
    # named as downloaded: Canvas's re-upload reads the user and file ids after the LATE_ mark
    assert names == ["chenwei_33333_900003_00_hand.md", "haddadamal_11111_900001_00_hand.md",
                     "nasserbadr_LATE_22222_900002_00_hand.md", "saliddalia_LATE_44444_900009_00_hand-1.md"]
    assert "Ask whose words." in badr


def test_moodle_round_trip(released, tmp_path, capsys):
    _, student, bundle = released
    download = tmp_path / "ARB101-Framing-42.zip"
    with zipfile.ZipFile(download, "w") as zf:
        zf.writestr("ليلى حسن_1234_assignsubmission_file_/00_hand.ipynb",
                    answered(student, 5, "AFP-Arabic", ANSWER_A))
        zf.writestr("Omar Farouk_1235_assignsubmission_file/00_hand.ipynb",
                    answered(student, 5, "Reuters", ANSWER_OMAR))
        zf.writestr("Sara Ali_1236_assignsubmission_file_/00_hand.ipynb", answered(student))
    header = ["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum Grade", "Grade can be changed",
              "Last modified (submission)", "Last modified (grade)", "Feedback comments"]
    worksheet = write_csv(tmp_path / "Grades-ARB101-Framing-42.csv", [
        header,
        ["Participant 1234", "ليلى حسن", "layla@uni.example", "Submitted for grading", "", "9.00", "Yes",
         "Thursday, 1 October 2026, 10:00 PM", "-", ""],
        ["Participant 1235", "Omar Farouk", "omar@uni.example", "Submitted for grading - 1 day 2 hours late", "",
         "9.00", "Yes", "Saturday, 3 October 2026, 2:00 AM", "-", ""],
        ["Participant 1236", "Sara Ali", "sara@uni.example", "Submitted for grading", "", "9.00", "Yes",
         "Thursday, 1 October 2026, 9:00 PM", "-", ""],
        ["Participant 1239", "Nour Saleh", "nour@uni.example", "No submission", "", "9.00", "Yes", "-", "-", ""],
    ])
    subs = tmp_path / "subs"
    cli(capsys, "collect", download, "--out", subs, "--roster", worksheet)
    grades = tmp_path / "g" / "00_hand.csv"
    cli(capsys, "grade", subs, "--bundle", bundle, "--out", grades, "--timeout", "120", "--names")
    sheets = grades.parent / "00_hand-sheets"
    assert "ليلى حسن" in (sheets / "q3.html").read_text(encoding="utf-8")  # --names: shown
    filled = fill_sheet(sheets, {"ليلى حسن": ("3", "واضح."), "Omar Farouk": ("2", "Whose words?")},
                        tmp_path / "q3.csv")
    policy = tmp_path / "late.yaml"
    policy.write_text("penalty: 10\n", encoding="utf-8")
    cli(capsys, "merge", grades, filled, "--submissions", subs / "submissions.csv", "--late", policy)
    final = {r["student"]: r for r in csv_rows(grades.parent / "00_hand-final.csv")}
    assert final.pop("Nour Saleh")["status"] == "no submission"
    assert {s: (float(r["auto"]), float(r["q3"]), float(r["penalty"]), float(r["total"]))
            for s, r in final.items()} == {"ليلى حسن": (5, 3, 0, 8), "Omar Farouk": (4, 2, 0.6, 5.4),
                                           "Sara Ali": (0, 0, 0, 0)}
    upload = tmp_path / "worksheet-filled.csv"
    cli(capsys, "export", grades.parent / "00_hand-final.csv", "--moodle", worksheet, "--out", upload,
        "--submissions", subs / "submissions.csv")
    rows = {r["Full name"]: r for r in csv_rows(upload)}
    assert {n: r["Grade"] for n, r in rows.items()} == {"ليلى حسن": "8", "Omar Farouk": "5.4", "Sara Ali": "0",
                                                        "Nour Saleh": ""}
    assert "واضح." in rows["ليلى حسن"]["Feedback comments"]
    assert rows["Nour Saleh"]["Feedback comments"] == ""
    assert list(rows["Omar Farouk"]) == header  # every column kept, in order


def test_export_needs_exactly_one_platform(tmp_path, capsys):
    final = tmp_path / "x-final.csv"
    final.write_text("student,total,comment\na,1,\n", encoding="utf-8")
    for extra in ([], ["--canvas", "a.csv", "--moodle", "b.csv"]):
        capsys.readouterr()
        assert main(["export", str(final), "--out", str(tmp_path / "o.csv"), *extra]) == 2
        err = capsys.readouterr().err
        assert "give exactly one of --canvas" in err and err.count("\n") == 1
    assert not (tmp_path / "o.csv").exists()


def test_grading_shows_progress_with_count_time_and_who():
    from framing.grading.grade import Progress

    now = [100.0]
    stream = io.StringIO()
    shown = Progress("00_hand", 3, stream=stream, clock=lambda: now[0])
    shown.start("Amal Haddad")
    now[0] += 30
    shown.finish()
    assert shown.line() == "grading 00_hand: 1/3 graded, 30 s, about 1 min 0 s left; now: Amal Haddad"
    now[0] += 90
    shown.finish()
    shown.finish()
    lines = stream.getvalue().splitlines()
    # not a terminal: a line at most every 10 s, and the last one
    assert lines == ["grading 00_hand: 1/3 graded, 30 s, about 1 min 0 s left; now: Amal Haddad",
                     "grading 00_hand: 2/3 graded, 2 min 0 s, about 1 min 0 s left; now: Amal Haddad",
                     "grading 00_hand: 3/3 graded, 2 min 0 s"]
