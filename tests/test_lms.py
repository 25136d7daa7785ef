"""Canvas and Moodle round trip (framing.grading.lms): bulk downloads in, gradebook files out.

The sample downloads are built here to the formats the platforms write (see the
module's docstring: canvas-lms ``lib/content_zipper.rb``, Moodle's
``mod/assign/classes/downloader.php``, the gradebook exporter and the offline
grading worksheet). Every expected value is read off the fixture: the file name
``doejohn_LATE_23456_...`` is late, ``..._01_corpus-1.ipynb`` is the second upload,
and so on.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import stat
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from framing.errors import FramingError
from framing.grading import lms
from framing.grading.lms import collect, late_penalty, read_policy, read_roster, to_canvas, to_moodle

BOM = b"\xef\xbb\xbf"


def nb(tag: str) -> bytes:
    """A tiny notebook whose one cell says whose it is."""
    cell = {"cell_type": "code", "source": f"answer = {tag!r}", "metadata": {}, "outputs": [], "execution_count": None}
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode()


def make_zip(path: Path, files: dict) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def write_csv(path: Path, rows, *, bom: bool = True, sep: str = ",") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator="\r\n").writerows(rows)
    path.write_bytes((BOM if bom else b"") + buffer.getvalue().encode("utf-8"))
    return path


def read_csv_bytes(path: Path):
    data = path.read_bytes()
    assert data.startswith(BOM), f"{path.name} is not written with a byte-order mark"
    return list(csv.reader(io.StringIO(data[len(BOM):].decode("utf-8"), newline="")))


# --------------------------------------------------------------------------
# Canvas: "Download Submissions" and the gradebook export
# --------------------------------------------------------------------------

CANVAS = {
    "smithjane_12345_678901_01_corpus.ipynb": nb("jane"),                 # on time
    "doejohn_LATE_23456_678902_01_corpus.ipynb": nb("john"),              # LATE_
    "ali-alhassan_34567_678903_01_corpus.ipynb": nb("ali, first upload"),
    "ali-alhassan_34567_678910_01_corpus-1.ipynb": nb("ali, second upload"),  # Canvas's -1: taken
    "حسنليلى_45678_678904_01_corpus.ipynb": nb("layla"),                  # Arabic sortable name
    "leesam_56789_678905_01_corpus.ipynb": nb("sam one"),                 # two students named Sam Lee
    "leesam_67890_678906_01_corpus.ipynb": nb("sam two"),
    "brownkim_78901_text.html": b"<p>I typed my answers here.</p>",       # a text entry, not a notebook
    "__MACOSX/._smithjane_12345_678901_01_corpus.ipynb": b"\x00\x05\x16\x07",
    ".DS_Store": b"\x00\x00\x00\x01Bud1",
}

ASSIGNMENT = "01_corpus (1234)"
CANVAS_HEADER = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", ASSIGNMENT, "02_words (1235)",
                 "Current Score", "Unposted Current Score", "Final Score", "Unposted Final Score"]
TOTALS = ["", "", "", ""]
CANVAS_ROWS = [
    CANVAS_HEADER,
    ["", "", "", "", "", "Manual Posting", "", "", "", "", ""],
    ["    Points Possible", "", "", "", "", "28", "38", "(read only)", "(read only)", "(read only)", "(read only)"],
    ["Smith, Jane", "12345", "S001", "jane@uni.example", "ARB 101", "", "30", *TOTALS],
    ["Doe, John", "23456", "S002", "jdoe", "ARB 101", "", "", *TOTALS],
    ["Al-Hassan, Ali", "34567", "S003", "ali@uni.example", "ARB 101", "", "", *TOTALS],
    ["حسن, ليلى", "45678", "S004", "layla@uni.example", "ARB 101", "", "", *TOTALS],
    ["Lee, Sam", "56789", "S005", "", "ARB 101", "", "", *TOTALS],
    ["Lee, Sam", "67890", "S006", "", "ARB 101", "", "", *TOTALS],
    ["Brown, Kim", "78901", "S007", "", "ARB 101", "", "", *TOTALS],
    ["Nguyen, Minh", "89012", "S008", "", "ARB 101", "7", "", *TOTALS],   # no submission; a score typed in Canvas
    ["Student, Test", "99999", "", "", "ARB 101", "", "", *TOTALS],
]


@pytest.fixture
def canvas_zip(tmp_path):
    return make_zip(tmp_path / "ARB101-01_corpus submissions.zip", CANVAS)


@pytest.fixture
def canvas_roster(tmp_path):
    return write_csv(tmp_path / "2026-10-02T1200_Grades-ARB101.csv", CANVAS_ROWS)


def by_student(table):
    return {row["student"]: row for row in table.to_dict("records")}


def test_a_canvas_download_with_its_gradebook_export(tmp_path, canvas_zip, canvas_roster):
    out = tmp_path / "submissions"
    table = collect(canvas_zip, out, roster=canvas_roster)
    assert list(table.columns) == list(lms.SUBMISSION_COLUMNS)
    # keys: the roster's display names ("Smith, Jane" -> "Jane Smith"), the two Sam Lees told apart by id
    assert list(table.student) == ["Ali Al-Hassan", "Jane Smith", "John Doe", "Kim Brown", "Minh Nguyen",
                                   "Sam Lee (56789)", "Sam Lee (67890)", "Test Student", "ليلى حسن"]
    rows = by_student(table)
    assert rows["Jane Smith"] | {"note": ""} == {
        "student": "Jane Smith", "lms": "canvas", "lms_id": "12345", "name": "Smith, Jane", "late": False,
        "resubmission": 0, "source": "smithjane_12345_678901_01_corpus.ipynb", "submitted": "", "note": ""}
    assert rows["John Doe"]["late"] is True and rows["John Doe"]["source"].startswith("doejohn_LATE_23456_")
    ali = rows["Ali Al-Hassan"]
    assert (ali["source"], ali["resubmission"]) == ("ali-alhassan_34567_678910_01_corpus-1.ipynb", 1)
    assert "ali-alhassan_34567_678903_01_corpus.ipynb" in ali["note"]
    assert rows["ليلى حسن"]["source"] == "حسنليلى_45678_678904_01_corpus.ipynb"
    assert rows["Kim Brown"]["source"] == "" and "missing" in rows["Kim Brown"]["note"]
    assert "brownkim_78901_text.html: a text entry" in rows["Kim Brown"]["note"]
    for missing in ("Minh Nguyen", "Test Student"):
        assert rows[missing]["source"] == "" and rows[missing]["note"].startswith("missing")
    # one notebook per student with one, byte for byte the file taken, and the table beside them
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["Ali Al-Hassan.ipynb", "Jane Smith.ipynb", "John Doe.ipynb", "Sam Lee (56789).ipynb",
         "Sam Lee (67890).ipynb", "ليلى حسن.ipynb", "submissions.csv"])
    assert (out / "Ali Al-Hassan.ipynb").read_bytes() == nb("ali, second upload")
    assert (out / "Sam Lee (67890).ipynb").read_bytes() == nb("sam two")
    assert (out / "ليلى حسن.ipynb").read_bytes() == nb("layla")


def test_submissions_csv_is_utf8_with_a_bom_and_reads_back_as_the_table(tmp_path, canvas_zip, canvas_roster):
    table = collect(canvas_zip, tmp_path / "out", roster=canvas_roster)
    rows = read_csv_bytes(tmp_path / "out" / "submissions.csv")
    assert rows[0] == list(lms.SUBMISSION_COLUMNS)
    assert [r[0] for r in rows[1:]] == list(table.student)
    john = next(r for r in rows if r[0] == "John Doe")
    assert dict(zip(rows[0], john))["late"] == "True"  # what framing merge reads as late


def test_without_a_roster_the_keys_are_the_download_names(tmp_path, canvas_zip):
    table = collect(canvas_zip, tmp_path / "out")
    assert list(table.student) == ["ali-alhassan", "brownkim", "doejohn", "leesam (56789)", "leesam (67890)",
                                   "smithjane", "حسنليلى"]
    assert by_student(table)["doejohn"]["late"] is True


def test_the_unzipped_folder_gives_the_same_as_the_zip(tmp_path, canvas_zip, canvas_roster):
    folder = tmp_path / "unzipped" / "submissions"
    with zipfile.ZipFile(canvas_zip) as zf:
        zf.extractall(folder)
    from_zip = collect(canvas_zip, tmp_path / "a", roster=canvas_roster)
    from_folder = collect(folder.parent, tmp_path / "b", roster=canvas_roster)
    assert from_folder.drop(columns=["source", "note"]).equals(from_zip.drop(columns=["source", "note"]))
    assert by_student(from_folder)["John Doe"]["source"] == "submissions/doejohn_LATE_23456_678902_01_corpus.ipynb"
    assert (tmp_path / "b" / "Ali Al-Hassan.ipynb").read_bytes() == nb("ali, second upload")


def test_an_anonymous_canvas_download(tmp_path):
    download = make_zip(tmp_path / "anon.zip", {"anon_k3s9d_678903_01_corpus.ipynb": nb("a"),
                                                "LATE_anon_p2q8x_678904_01_corpus.ipynb": nb("b")})
    rows = by_student(collect(download, tmp_path / "out"))
    assert (rows["anon_k3s9d"]["late"], rows["anon_p2q8x"]["late"]) == (False, True)


def test_a_utf8_name_without_the_zip_utf8_flag_is_read_as_utf8(tmp_path):
    # some zip writers store UTF-8 names without setting the flag: Python would read them as cp437
    path = make_zip(tmp_path / "noflag.zip", {"حسنليلى_45678_678904_01_corpus.ipynb": nb("layla")})
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        flags = int.from_bytes(data[at + offset: at + offset + 2], "little") & ~0x800
        data[at + offset: at + offset + 2] = flags.to_bytes(2, "little")
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as zf:
        assert zf.namelist()[0] != "حسنليلى_45678_678904_01_corpus.ipynb"  # the flag is really gone
    assert list(collect(path, tmp_path / "out").student) == ["حسنليلى"]


# --------------------------------------------------------------------------
# Moodle: "Download all submissions" and the offline grading worksheet
# --------------------------------------------------------------------------

MOODLE_FOLDERS = {
    "ليلى حسن_1234_assignsubmission_file_/01_corpus.ipynb": nb("layla"),        # Moodle 3.x folder name
    "Omar Farouk_1235_assignsubmission_file/01_corpus.ipynb": nb("omar"),       # Moodle 4.1+ folder name
    "Sara Ali_1236_assignsubmission_onlinetext_/onlinetext.html": b"<p>my answer</p>",
    "Sam Lee_1237_assignsubmission_file_/01_corpus.ipynb": nb("sam one"),
    "Sam Lee_1238_assignsubmission_file_/lab/01_corpus.ipynb": nb("sam two"),  # a subfolder is kept
    "__MACOSX/Sam Lee_1237_assignsubmission_file_/._01_corpus.ipynb": b"junk",
}

WORKSHEET_HEADER = ["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum Grade",
                    "Grade can be changed", "Last modified (submission)", "Last modified (grade)",
                    "Feedback comments"]
WORKSHEET_ROWS = [
    WORKSHEET_HEADER,
    ["Participant 1234", "ليلى حسن", "layla@uni.example", "Submitted for grading", "", "28.00", "Yes",
     "Thursday, 1 October 2026, 10:00 PM", "-", ""],
    ["Participant 1235", "Omar Farouk", "omar@uni.example", "Submitted for grading - 1 day 2 hours late", "",
     "28.00", "Yes", "Saturday, 3 October 2026, 2:00 AM", "-", ""],
    ["Participant 1236", "Sara Ali", "sara@uni.example", "Submitted for grading", "", "28.00", "Yes",
     "Thursday, 1 October 2026, 9:00 PM", "-", ""],
    ["Participant 1237", "Sam Lee", "sam1@uni.example", "Submitted for grading", "", "28.00", "Yes",
     "Thursday, 1 October 2026, 8:00 PM", "-", ""],
    ["Participant 1238", "Sam Lee", "sam2@uni.example", "Submitted for grading - Graded", "20.00", "28.00", "Yes",
     "Thursday, 1 October 2026, 7:00 PM", "Friday, 2 October 2026, 9:00 AM", "<p>Seen in class.</p>"],
    ["Participant 1239", "Nour Saleh", "nour@uni.example", "No submission", "", "28.00", "Yes", "-", "-", ""],
]


@pytest.fixture
def worksheet(tmp_path):
    return write_csv(tmp_path / "Grades-ARB101-Corpus-42.csv", WORKSHEET_ROWS, bom=False)


def test_a_moodle_download_in_folders_with_its_worksheet(tmp_path, worksheet):
    download = make_zip(tmp_path / "ARB101-Corpus-42.zip", MOODLE_FOLDERS)
    out = tmp_path / "out"
    table = collect(download, out, roster=worksheet)
    assert list(table.student) == ["Nour Saleh", "Omar Farouk", "Sam Lee (1237)", "Sam Lee (1238)", "Sara Ali",
                                   "ليلى حسن"]
    rows = by_student(table)
    assert rows["Omar Farouk"]["late"] is True and rows["ليلى حسن"]["late"] is False
    assert rows["Omar Farouk"]["submitted"] == "Saturday, 3 October 2026, 2:00 AM"
    assert rows["Sam Lee (1238)"]["source"] == "Sam Lee_1238_assignsubmission_file_/lab/01_corpus.ipynb"
    assert rows["Sara Ali"]["source"] == "" and "onlinetext submission, not a notebook" in rows["Sara Ali"]["note"]
    assert rows["Nour Saleh"]["note"].startswith("missing")
    assert {r["lms"] for r in rows.values()} == {"moodle"}
    assert (out / "ليلى حسن.ipynb").read_bytes() == nb("layla")
    assert (out / "Sam Lee (1238).ipynb").read_bytes() == nb("sam two")


def test_a_moodle_download_without_folders(tmp_path):
    download = make_zip(tmp_path / "flat.zip", {
        "Omar Farouk_1235_assignsubmission_file_01_corpus.ipynb": nb("omar"),
        "ليلى حسن_1234_assignsubmission_file_01_corpus.ipynb": nb("layla"),
        "Sara Ali_1236_assignsubmission_onlinetext_onlinetext.html": b"<p>text</p>"})
    rows = by_student(collect(download, tmp_path / "out"))
    assert rows["Omar Farouk"]["source"] == "Omar Farouk_1235_assignsubmission_file_01_corpus.ipynb"
    assert rows["ليلى حسن"]["lms_id"] == "1234" and rows["Sara Ali"]["source"] == ""


# --------------------------------------------------------------------------
# What collect refuses: and then it writes nothing
# --------------------------------------------------------------------------


def test_an_unknown_file_name_stops_naming_it_and_nothing_is_written(tmp_path, canvas_roster):
    download = make_zip(tmp_path / "d.zip", {**CANVAS, "my homework final.ipynb": nb("?")})
    with pytest.raises(FramingError, match=r"file names neither Canvas nor Moodle writes: my homework final\.ipynb"):
        collect(download, tmp_path / "new" / "out", roster=canvas_roster)
    assert not (tmp_path / "new").exists()  # not even the folder it would have made
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["d.zip", canvas_roster.name])  # no temp folder left


@pytest.mark.parametrize("evil", ["../evil_12345_678901_x.ipynb", "a/../../evil.ipynb", "/etc/evil.ipynb",
                                  "C:/evil.ipynb", "..\\evil.ipynb"])
def test_an_entry_pointing_outside_the_download_is_refused(tmp_path, evil):
    download = make_zip(tmp_path / "d.zip", {"smithjane_12345_678901_01_corpus.ipynb": nb("jane"), evil: nb("x")})
    with pytest.raises(FramingError, match=r"points outside the download .* nothing was written"):
        collect(download, tmp_path / "out")
    assert not (tmp_path / "out").exists() and not (tmp_path / "evil.ipynb").exists()


def test_a_link_is_refused_in_a_zip_and_in_a_folder(tmp_path):
    path = tmp_path / "links.zip"
    with zipfile.ZipFile(path, "w") as zf:
        link = zipfile.ZipInfo("smithjane_12345_678901_01_corpus.ipynb")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
    with pytest.raises(FramingError, match=r"is a link, not a file: refused"):
        collect(path, tmp_path / "out")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "smithjane_12345_678901_01_corpus.ipynb").symlink_to("/etc/passwd")
    with pytest.raises(FramingError, match=r"a link, not a file: refused"):
        collect(folder, tmp_path / "out")
    (folder / "smithjane_12345_678901_01_corpus.ipynb").unlink()
    (folder / "Sam Lee_1237_assignsubmission_file_").symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(FramingError, match=r"a link, not a folder: refused"):
        collect(folder, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_size_limits(tmp_path, monkeypatch):
    download = make_zip(tmp_path / "d.zip", {"smithjane_12345_678901_01_corpus.ipynb": nb("jane") + b" " * 2000,
                                             "doejohn_LATE_23456_678902_01_corpus.ipynb": nb("john")})
    monkeypatch.setattr(lms, "MAX_FILE", 1000)
    with pytest.raises(FramingError, match=r"smithjane_12345_678901_01_corpus\.ipynb is larger than 0 MB, the most "
                                           r"the grader reads: nothing was written"):
        collect(download, tmp_path / "out")
    monkeypatch.setattr(lms, "MAX_FILE", 64 * 1024 * 1024)
    monkeypatch.setattr(lms, "MAX_TOTAL", 1500)
    with pytest.raises(FramingError, match=r"more than 0 GB: nothing was written"):
        collect(download, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_folder_that_is_not_empty_is_not_overwritten(tmp_path, canvas_zip):
    out = tmp_path / "out"
    out.mkdir()
    (out / "Jane Smith.ipynb").write_text("graded earlier")
    with pytest.raises(FramingError, match=r"already exists and is not empty"):
        collect(canvas_zip, out)
    assert (out / "Jane Smith.ipynb").read_text() == "graded earlier"
    (out / "Jane Smith.ipynb").unlink()
    assert len(collect(canvas_zip, out)) == 7  # an empty folder is fine


def test_mixed_platforms_and_a_roster_of_the_other_platform_are_refused(tmp_path, canvas_zip, worksheet):
    mixed = make_zip(tmp_path / "m.zip", {"smithjane_12345_678901_01_corpus.ipynb": nb("jane"),
                                          "Omar Farouk_1235_assignsubmission_file_01_corpus.ipynb": nb("omar")})
    with pytest.raises(FramingError, match=r"Canvas and Moodle file names mixed"):
        collect(mixed, tmp_path / "out")
    with pytest.raises(FramingError, match=r"a Canvas download, but the roster is from Moodle"):
        collect(canvas_zip, tmp_path / "out", roster=worksheet)


def test_a_plain_roster_matches_by_id_or_by_name(tmp_path, canvas_zip):
    roster = write_csv(tmp_path / "class.csv", [
        ["student", "email", "id"], ["Jane Smith", "jane@uni.example", ""], ["Johnny Doe", "", "23456"],
        ["Ali Al-Hassan", "", ""], ["Nobody Here", "", ""]])
    rows = by_student(collect(canvas_zip, tmp_path / "out", roster=roster))
    assert rows["Jane Smith"]["lms_id"] == "12345"        # "smithjane" is Jane Smith's name, last name first
    assert rows["Johnny Doe"]["source"].startswith("doejohn_LATE_23456_")  # by id
    assert rows["Ali Al-Hassan"]["source"] == "ali-alhassan_34567_678910_01_corpus-1.ipynb"
    assert rows["Nobody Here"]["note"].startswith("missing")
    assert rows["brownkim"]["note"].endswith("not in the roster")


def test_a_plain_rosters_id_that_is_not_the_platforms_is_refused(tmp_path, canvas_zip):
    # university numbers in the id column: 12345 is John Doe's number, but Canvas's user 12345 is smithjane
    roster = write_csv(tmp_path / "class.csv", [["student", "id"], ["Jane Smith", "20230001"], ["John Doe", "12345"]])
    with pytest.raises(FramingError, match=r"id 12345 is John Doe in the roster, but the download's "
                                           r"smithjane_12345_678901_01_corpus.ipynb is Jane Smith's by its name"):
        collect(canvas_zip, tmp_path / "out", roster=roster)
    assert not (tmp_path / "out").exists()


def test_a_name_that_a_spreadsheet_would_run_is_made_plain(tmp_path):
    download = make_zip(tmp_path / "d.zip", {"hyperlink_11111_900001_01_corpus.ipynb": nb("x")})
    roster = write_csv(tmp_path / "g.csv", [CANVAS_HEADER[:6], ["    Points Possible", "", "", "", "", "28"],
                                            ['="=HYPERLINK(A1)"', "11111", "", "", "ARB 101", ""]])
    table = collect(download, tmp_path / "out", roster=roster)
    assert list(table.student) == ["HYPERLINK(A1)"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["HYPERLINK(A1).ipynb", "submissions.csv"]


# --------------------------------------------------------------------------
# Rosters
# --------------------------------------------------------------------------


def test_read_a_canvas_gradebook_export(canvas_roster):
    roster = read_roster(canvas_roster)
    assert list(roster.columns) == list(lms.ROSTER_COLUMNS)
    assert len(roster) == 9  # the Manual Posting and Points Possible rows are not students; Test Student is
    jane = roster.iloc[0].to_dict()
    assert jane == {"student": "Jane Smith", "name": "Smith, Jane", "lms": "canvas", "lms_id": "12345",
                    "email": "jane@uni.example", "sis_id": "S001", "status": "", "submitted": ""}
    assert roster.iloc[1]["email"] == ""  # a login that is not an address
    assert list(roster.student[-2:]) == ["Minh Nguyen", "Test Student"] and roster.student[3] == "ليلى حسن"


def test_a_roster_reads_the_same_with_or_without_bom_and_with_semicolons(tmp_path):
    a = read_roster(write_csv(tmp_path / "a.csv", CANVAS_ROWS, bom=True))
    b = read_roster(write_csv(tmp_path / "b.csv", CANVAS_ROWS, bom=False, sep=";"))
    assert a.equals(b)


def test_read_a_moodle_worksheet(worksheet):
    roster = read_roster(worksheet)
    omar = roster[roster.lms_id == "1235"].iloc[0].to_dict()
    assert omar == {"student": "Omar Farouk", "name": "Omar Farouk", "lms": "moodle", "lms_id": "1235",
                    "email": "omar@uni.example", "sis_id": "", "status": "Submitted for grading - 1 day 2 hours late",
                    "submitted": "Saturday, 3 October 2026, 2:00 AM"}
    assert roster[roster.lms_id == "1239"].iloc[0]["submitted"] == ""  # Moodle's "-"


def test_read_a_plain_roster(tmp_path):
    roster = read_roster(write_csv(tmp_path / "r.csv", [["Student", "Email", "ID"], ["ليلى حسن", "l@x", "7"]]))
    assert roster.iloc[0][["student", "lms", "lms_id", "email"]].tolist() == ["ليلى حسن", "", "7", "l@x"]


@pytest.mark.parametrize("rows, message", [
    ([CANVAS_HEADER, ["Smith, Jane", "", "S1", "", "ARB 101"] + [""] * 6], r"r\.csv, line 2: a student row with no ID"),
    ([CANVAS_HEADER, ["Smith, Jane", "12345"] + [""] * 9, ["Doe, John", "12345"] + [""] * 9],
     r"r\.csv, line 3: ID 12345 is already on line 2"),
    ([WORKSHEET_HEADER, ["Participant 1", "A"] + [""] * 8, ["Participant", "B"] + [""] * 8],
     r"r\.csv, line 3: no participant number in the Identifier 'Participant'"),
    ([["student", "id"], ["A", "1"], ["B", "1"]], r"r\.csv, line 3: id 1 is already on line 2"),
    ([["student"], ["A"], ["a"]], r"r\.csv, line 3: a is already on line 2 and neither row has an id"),
    ([["Name", "Mail"], ["A", "a@x"]], r"r\.csv: not a roster: .* Its columns: Name, Mail"),
])
def test_roster_errors_name_the_file_and_the_line(tmp_path, rows, message):
    with pytest.raises(FramingError, match=message):
        read_roster(write_csv(tmp_path / "r.csv", rows))


# --------------------------------------------------------------------------
# Late policy
# --------------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_read_a_late_policy(tmp_path):
    policy = read_policy(write(tmp_path / "late.yaml", "penalty: 10  # percent\nextensions:\n  - 12345\n"
                                                       "  - Jane Smith\n"))
    assert {k: policy[k] for k in ("penalty", "per_day", "max", "due", "extensions")} == {
        "penalty": 10.0, "per_day": 0.0, "max": 100.0, "due": None, "extensions": ["12345", "Jane Smith"]}
    moodle = read_policy(write(tmp_path / "m.yaml", "due: 2026-10-01T23:59\nper_day: 10\nmax: 50\n"))
    assert (moodle["due"].isoformat(), moodle["per_day"], moodle["max"]) == ("2026-10-01T23:59:00", 10.0, 50.0)


@pytest.mark.parametrize("text, message", [
    ("penalty: 10\npenalti: 5\n", r"p\.yaml, line 2: unknown key 'penalti': did you mean 'penalty'\?"),
    ("penalty: 110\n", r"p\.yaml, line 1: 'penalty' must be a number of percent from 0 to 100\. Got 110"),
    ("penalty: yes\n", r"'penalty' must be a number .* Got True"),
    ("per_day: 10\n", r"p\.yaml, line 1: 'per_day' needs 'due'"),
    ("due: first of October\n", r"p\.yaml, line 1: 'due' must be a date and time like 2026-10-01T23:59"),
    ("due: 2026-10-01T23:59:00+02:00\n", r"give 'due' without a time zone"),
    ("extensions: 12345\n", r"'extensions' must be a list"),
    ("penalty: [10\n", r"p\.yaml, line 2: not valid YAML"),
    ("- 10\n", r"a late policy is a mapping"),
])
def test_late_policy_errors_name_the_file_and_key(tmp_path, text, message):
    with pytest.raises(FramingError, match=message):
        read_policy(write(tmp_path / "p.yaml", text))


def test_late_penalty_for_rows_of_submissions_csv(tmp_path):
    policy = read_policy(write(tmp_path / "late.yaml", "penalty: 10\nextensions: [12345, Jane Smith]\n"))
    # rows as framing merge reads them from submissions.csv: all strings
    assert late_penalty(policy, {"student": "John Doe", "lms_id": "23456", "late": "True"}) == (10.0, "late: -10%")
    assert late_penalty(policy, {"student": "Ali", "lms_id": "34567", "late": "False"}) == (0.0, "")
    waived = (0.0, "late, with an extension: no penalty")
    assert late_penalty(policy, {"student": "x", "lms_id": "12345", "late": "True"}) == waived  # by LMS id
    assert late_penalty(policy, {"student": "jane smith", "lms_id": "1", "late": True}) == waived  # by name


def test_a_moodle_late_penalty_by_day_from_the_worksheet_time(tmp_path):
    policy = read_policy(write(tmp_path / "m.yaml", "due: 2026-10-01T23:59\nper_day: 10\nmax: 50\n"))
    # Saturday 3 October, 2:00 AM is 1 day 2 hours 1 minute after the due time: 2 started days
    assert late_penalty(policy, {"student": "Omar Farouk", "late": "True",
                                 "submitted": "Saturday, 3 October 2026, 2:00 AM"}) == (20.0, "late by 2 days: -20%")
    assert late_penalty(policy, {"submitted": "Thursday, 1 October 2026, 10:00 PM"}) == (0.0, "")
    assert late_penalty(policy, {"submitted": "Monday, 12 October 2026, 9:00 AM"}) == (
        50.0, "late by 11 days: -50% (at most 50%)")
    with pytest.raises(FramingError, match=r"Omar Farouk: cannot read the submission time 'samedi 3 octobre'"):
        late_penalty(policy, {"student": "Omar Farouk", "submitted": "samedi 3 octobre"})
    # a Canvas row has no submission time: its LATE_ flag and the flat penalty (none here) decide
    assert late_penalty(policy, {"student": "John Doe", "late": "True", "submitted": ""}) == (
        0.0, "late: no penalty in the policy")
    # Moodle's status said on time (an extension or override granted in Moodle): no penalty, whatever the time
    assert late_penalty(policy, {"student": "Omar Farouk", "late": "False",
                                 "submitted": "Saturday, 3 October 2026, 2:00 AM"}) == (0.0, "")


def test_merge_takes_collects_late_flags_through_the_policy(tmp_path, canvas_zip, canvas_roster):
    from framing.grading.merge import _late  # how framing merge calls late_penalty, on collect's own table

    collect(canvas_zip, tmp_path / "out", roster=canvas_roster)
    policy = write(tmp_path / "late.yaml", "penalty: 10\nextensions: [Sam Lee (56789)]\n")
    graded = ["Ali Al-Hassan", "Jane Smith", "John Doe", "Sam Lee (56789)", "Sam Lee (67890)", "ليلى حسن"]
    late, absent = _late(tmp_path / "out" / "submissions.csv", policy, graded)
    assert late["John Doe"] == (True, 10.0, "late: -10%")
    assert late["Jane Smith"] == (False, 0.0, "")
    assert absent == ["Kim Brown", "Minh Nguyen", "Test Student"]  # no notebook: listed, not graded
    # another class's table, or one that misses a graded student, is refused: a late flag never goes missing
    with pytest.raises(FramingError, match="graded but not in it: Zed; a notebook in it but not graded: John Doe"):
        _late(tmp_path / "out" / "submissions.csv", policy, [g for g in graded if g != "John Doe"] + ["Zed"])


# --------------------------------------------------------------------------
# Back to Canvas
# --------------------------------------------------------------------------


def final_gradebook(path: Path, rows) -> Path:
    return write_csv(path, [["student", "q1", "total", "possible", "comment"], *rows])


@pytest.fixture
def graded(tmp_path):
    grades = tmp_path / "grades"
    grades.mkdir()
    return final_gradebook(grades / "01_corpus-final.csv", [
        ["Jane Smith", "5", "26", "28", "Auto-graded: 21 / 23. q9 (by hand): 5 / 5."],
        ["John Doe", "4", "17.456", "28", "Auto-graded: 15 / 23. Late: -1.94 (10%)."],
        ["ليلى حسن", "5", "27.5", "28", "ممتاز."],
        ["Sam Lee (67890)", "3", "12", "28", "Auto-graded: 12 / 23."]])


def test_to_canvas_writes_an_import_file_for_one_assignment(tmp_path, canvas_roster, graded):
    out = tmp_path / "grades" / "01_corpus-canvas.csv"
    table = to_canvas(graded, canvas_roster, out)
    rows = read_csv_bytes(out)
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", ASSIGNMENT]
    assert rows[1] == ["    Points Possible", "", "", "", "", "28"]  # kept; the Manual Posting row is not
    got = {r[1]: r[5] for r in rows[2:]}
    assert got == {"12345": "26", "23456": "17.46", "34567": "", "45678": "27.5", "56789": "", "67890": "12",
                   "78901": "", "89012": "7", "99999": ""}  # Minh Nguyen keeps the 7 typed in Canvas
    assert list(table.columns) == rows[0] and table.attrs["comments"] is None


def test_to_canvas_refuses_totals_out_of_other_points_unless_rescaled(tmp_path, canvas_roster):
    book = final_gradebook(tmp_path / "01_corpus-final.csv", [["Jane Smith", "5", "9.5", "10", ""]])
    out = tmp_path / "import.csv"
    with pytest.raises(FramingError, match=r"line 3: the column '01_corpus \(1234\)' is worth 28 points, but the "
                                           r"gradebook's totals are out of 10"):
        to_canvas(book, canvas_roster, out)
    assert not out.exists()
    to_canvas(book, canvas_roster, out, rescale=True)
    assert {r[1]: r[5] for r in read_csv_bytes(out)[2:]}["12345"] == "26.6"  # 9.5 / 10 * 28


def test_to_canvas_comments_zip_is_named_for_canvas_re_upload(tmp_path, canvas_zip, canvas_roster, graded):
    collect(canvas_zip, tmp_path / "out", roster=canvas_roster)
    feedback = tmp_path / "grades" / "01_corpus-feedback"
    feedback.mkdir()
    (feedback / "Jane Smith.md").write_text("# 01_corpus: Jane Smith\n\nScore: 26 / 28\n", encoding="utf-8")
    out = tmp_path / "grades" / "01_corpus-canvas.csv"
    table = to_canvas(graded, canvas_roster, out, submissions=tmp_path / "out" / "submissions.csv")
    assert table.attrs["comments"] == str(tmp_path / "grades" / "01_corpus-canvas-comments.zip")
    with zipfile.ZipFile(table.attrs["comments"]) as zf:
        names = sorted(zf.namelist())
        assert names == sorted(["smithjane_12345_678901_01_corpus.md", "doejohn_LATE_23456_678902_01_corpus.md",
                                "حسنليلى_45678_678904_01_corpus.md", "leesam_67890_678906_01_corpus.md"])
        assert zf.read("smithjane_12345_678901_01_corpus.md").decode() == "# 01_corpus: Jane Smith\n\nScore: 26 / 28\n"
        # no feedback file for her: the gradebook's comment
        assert zf.read("حسنليلى_45678_678904_01_corpus.md").decode() == "ممتاز."
    owners = {"12345": "smithjane", "23456": "doejohn", "45678": "حسنليلى", "67890": "leesam"}
    for name in names:  # Canvas takes the first two all-digit parts between "_" as user id and file id
        user, file_id = [part for part in name.split("_") if part.isdigit()][:2]
        assert name.startswith(owners[user])
        assert file_id in {"678901", "678902", "678904", "678906"}


def test_to_canvas_refuses_students_not_in_the_roster_and_writes_nothing(tmp_path, canvas_roster):
    book = pd.DataFrame({"student": ["Jane Smith", "Zed Unknown"], "total": [20.0, 10.0], "comment": ["", ""]})
    out = tmp_path / "import.csv"
    with pytest.raises(FramingError, match=r"students in the gradebook but not in the roster: Zed Unknown"):
        to_canvas(book, canvas_roster, out, assignment="01_corpus")
    assert not out.exists()


def test_to_canvas_does_not_guess_which_of_two_students_of_one_name(tmp_path, canvas_roster):
    book = pd.DataFrame({"student": ["Sam Lee"], "total": [20.0], "comment": [""]})
    with pytest.raises(FramingError, match=r"not in the roster: Sam Lee\. Nothing was written"):
        to_canvas(book, canvas_roster, tmp_path / "import.csv", assignment="01_corpus")


def test_to_canvas_chooses_the_assignment_column(tmp_path, canvas_roster):
    book = pd.DataFrame({"student": ["Jane Smith"], "total": [30.0], "comment": [""]})
    table = to_canvas(book, canvas_roster, tmp_path / "a.csv", column="02_words (1235)")
    assert table.columns[-1] == "02_words (1235)" and table.iloc[1, -1] == "30"
    with pytest.raises(FramingError, match=r"no column '02_word \(1235\)': did you mean '02_words \(1235\)'\?"):
        to_canvas(book, canvas_roster, tmp_path / "b.csv", column="02_word (1235)")
    with pytest.raises(FramingError, match=r"which assignment\? Give column="):
        to_canvas(book, canvas_roster, tmp_path / "c.csv")
    with pytest.raises(FramingError, match=r"no column starts with '03_kwic'"):
        to_canvas(book, canvas_roster, tmp_path / "d.csv", assignment="03_kwic")
    with pytest.raises(FramingError, match=r"is read only"):
        to_canvas(book, canvas_roster, tmp_path / "e.csv", column="Current Score")


# --------------------------------------------------------------------------
# Back to Moodle
# --------------------------------------------------------------------------


def test_to_moodle_fills_grade_and_feedback_and_keeps_the_rest(tmp_path, worksheet):
    book = pd.DataFrame({"student": ["ليلى حسن", "Omar Farouk"], "total": [27.5, 20.0],
                         "comment": ["ممتاز.\n\nq9: 5 / 5", "Late: -2 (10%). <see q3>"]})
    out = tmp_path / "upload.csv"
    table = to_moodle(book, worksheet, out)
    rows = read_csv_bytes(out)
    assert rows[0] == WORKSHEET_HEADER and len(rows) == len(WORKSHEET_ROWS)
    at = {h: i for i, h in enumerate(WORKSHEET_HEADER)}
    layla, omar = rows[1], rows[2]
    assert (layla[at["Grade"]], layla[at["Feedback comments"]]) == (
        "27.5", '<p dir="auto">ممتاز.</p><p dir="auto">q9: 5 / 5</p>')
    assert (omar[at["Grade"]], omar[at["Feedback comments"]]) == (
        "20", '<p dir="auto">Late: -2 (10%). &lt;see q3&gt;</p>')
    # everything else exactly as downloaded: the other columns, and the students not graded here
    for written, original in zip(rows[1:], WORKSHEET_ROWS[1:]):
        assert [c for h, c in zip(WORKSHEET_HEADER, written) if h not in ("Grade", "Feedback comments")] == \
               [c for h, c in zip(WORKSHEET_HEADER, original) if h not in ("Grade", "Feedback comments")]
    assert rows[5] == WORKSHEET_ROWS[5]  # Sam Lee (1238): graded in Moodle, left alone
    assert table.shape == (6, len(WORKSHEET_HEADER))


def test_to_moodle_refuses_totals_out_of_other_points_unless_rescaled(tmp_path, worksheet):
    book = pd.DataFrame({"student": ["Omar Farouk"], "total": [7.0], "possible": [10.0], "comment": [""]})
    with pytest.raises(FramingError, match=r"line 3: the assignment's Maximum Grade is worth 28 points, but the "
                                           r"gradebook's totals are out of 10"):
        to_moodle(book, worksheet, tmp_path / "up.csv")
    to_moodle(book, worksheet, tmp_path / "up.csv", rescale=True)
    rows = read_csv_bytes(tmp_path / "up.csv")
    assert rows[2][WORKSHEET_HEADER.index("Grade")] == "19.6"  # 7 / 10 * 28


def test_to_moodle_with_collects_keys_for_two_students_of_one_name(tmp_path, worksheet):
    download = make_zip(tmp_path / "d.zip", MOODLE_FOLDERS)
    collect(download, tmp_path / "out", roster=worksheet)
    book = pd.DataFrame({"student": ["Sam Lee (1237)"], "total": [11.0], "comment": ["ok"]})
    to_moodle(book, worksheet, tmp_path / "u.csv", submissions=tmp_path / "out" / "submissions.csv")
    rows = read_csv_bytes(tmp_path / "u.csv")
    assert rows[4][0] == "Participant 1237" and rows[4][4] == "11" and rows[5][4] == "20.00"


def test_to_moodle_keeps_a_decimal_comma(tmp_path):
    rows = [WORKSHEET_HEADER, ["Participant 1234", "ليلى حسن", "", "Submitted for grading", "", "28,00", "Yes",
                               "-", "-", ""]]
    sheet = write_csv(tmp_path / "w.csv", rows)
    book = pd.DataFrame({"student": ["ليلى حسن"], "total": [27.5], "comment": [""]})
    to_moodle(book, sheet, tmp_path / "u.csv")
    assert read_csv_bytes(tmp_path / "u.csv")[1][4] == "27,5"


@pytest.mark.parametrize("student, total, changed, message", [
    ("Omar Farouk", 30.0, "Yes", r"w\.csv, line 2: Omar Farouk's total 30 is above the maximum grade 28"),
    ("Omar Farouk", 20.0, "No", r"w\.csv, line 2: Moodle says Omar Farouk's grade cannot be changed"),
    ("Zed Unknown", 20.0, "Yes", r"students in the gradebook but not in the roster: Zed Unknown"),
])
def test_to_moodle_refuses_what_moodle_would_skip_without_saying(tmp_path, student, total, changed, message):
    rows = [WORKSHEET_HEADER, ["Participant 1235", "Omar Farouk", "", "Submitted for grading", "", "28.00", changed,
                               "-", "-", ""]]
    sheet = write_csv(tmp_path / "w.csv", rows)
    book = pd.DataFrame({"student": [student], "total": [total], "comment": [""]})
    with pytest.raises(FramingError, match=message):
        to_moodle(book, sheet, tmp_path / "u.csv")
    assert not (tmp_path / "u.csv").exists()


# --------------------------------------------------------------------------
# The module itself
# --------------------------------------------------------------------------


def test_the_module_imports_only_the_stdlib_pandas_yaml_and_framing_errors_and_files():
    tree = ast.parse(Path(lms.__file__).read_text(encoding="utf-8"))
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            modules.add(node.module)
    outside = {m for m in modules if m.split(".")[0] not in sys.stdlib_module_names} - {
        "pandas", "yaml", "framing.errors", "framing.grading.files"}
    assert not outside, f"framing.grading.lms imports {sorted(outside)}"
