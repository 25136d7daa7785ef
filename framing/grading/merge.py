"""Merge: the auto-graded points and the filled hand-grading sheets into the final gradebook.

``framing merge grades/01_corpus.csv`` reads the grading run's manifest (beside
the CSV), its ``key.csv`` of student codes and the filled sheets (each
question's CSV from a spreadsheet, or the file a sheet page saved), checks
every row, and writes ``grades/01_corpus-final.csv``: per student the
auto-graded points per question, the points given by hand per question with
the comments, the totals, the late penalty, the status; each student's
feedback file gets the hand-graded scores and comments. Nothing is written when
any row is wrong: the message names the file, the line and what is wrong (a
score above the question's points, a student code this run does not know, a
code twice, a sheet made for another grading run, a score left empty).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from pathlib import Path

from framing.errors import FramingError
from framing.grading.files import HAND_MARK, SCORE_MARK, file_name, frame_csv, read_utf8, write_atomic
from framing.grading.sheets import read_key
from framing.readers import csv_separator

__all__ = ["merge", "read_sheet", "SCORE_COLUMNS"]

#: Columns a filled sheet must have (``comment`` is optional).
SCORE_COLUMNS = ("run", "question", "code", "score")
#: Most problems listed in one message.
MAX_LISTED = 12


def _score(value: str, sep: str) -> float | None:
    value = value.strip()
    if not value:
        return None
    if sep == ";" or re.fullmatch(r"-?\d+,\d+", value):  # a spreadsheet that writes decimal commas
        value = value.replace(",", ".")
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"the score {value!r} is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"the score {value!r} is not a number")
    return number


def read_sheet(path) -> list[dict]:
    """The rows of one filled sheet: ``{"line", "run", "question", "code", "score", "comment"}``.

    Reads the CSV ``framing grade`` wrote and a spreadsheet saved (comma or
    semicolon separated, decimal commas, with or without a byte-order mark), or
    the file a sheet page saved. ``score`` is a float, or None when left empty.
    A cell that is not a number stops with the file and the line.
    """
    path = Path(path)
    if not path.is_file():
        raise FramingError(f"{path}: no such sheet.")
    text = read_utf8(path)
    sep = csv_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in SCORE_COLUMNS if c not in header]
    if missing:
        raise FramingError(f"{path}: not a filled hand-grading sheet: no {', '.join(missing)} column "
                           f"(its columns: {', '.join(header) or 'none'}).")
    at = {name: header.index(name) for name in (*SCORE_COLUMNS, "comment") if name in header}
    rows = []
    line = reader.line_num
    for record in reader:
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(header):
            raise FramingError(
                f"{path}, line {start}: {len(record)} cells for {len(header)} columns (code "
                f"{record[at['code']].strip() if at['code'] < len(record) else '?'}): a score with a decimal comma in "
                "a comma-separated file (4,5 read as 4 and 5)? Write 4.5, or save the sheet again from the "
                "spreadsheet, which quotes such cells.")
        record += [""] * (len(header) - len(record))
        try:
            score = _score(record[at["score"]], sep)
        except ValueError as err:
            raise FramingError(f"{path}, line {start}: {err} (code {record[at['code']].strip()}).") from None
        rows.append({"line": start, "run": record[at["run"]].strip(), "question": record[at["question"]].strip(),
                     "code": record[at["code"]].strip(), "score": score,
                     "comment": record[at["comment"]].strip() if "comment" in at else ""})
    return rows


def _sheet_files(sheets, default: Path) -> list[Path]:
    files = []
    for item in map(Path, sheets or [default]):
        if item.is_dir():
            files += sorted(p for p in item.glob("*.csv") if p.name != "key.csv")
        else:
            files.append(item)
    if not files:
        raise FramingError(f"no filled sheets to merge in {', '.join(map(str, sheets or [default]))}.")
    return files


def _manifest(grades: Path) -> dict:
    path = grades.with_suffix(".manifest.json")
    if not path.is_file():
        raise FramingError(f"{path}: no manifest beside {grades.name}: give the CSV framing grade wrote.")
    return json.loads(path.read_text(encoding="utf-8"))


def _hand_scores(files: list[Path], manifest: dict, key: dict, partial: bool) -> dict:
    """``{(question, student): (score, comment)}`` from every sheet, after checking every row."""
    manual, run = manifest["manual"], manifest["run"]
    problems, seen, scores, source = [], {}, {}, {}
    for path in files:
        for row in read_sheet(path):
            where = f"{path}, line {row['line']}"
            q, code = row["question"], row["code"]
            if row["run"] != run:
                problems.append(f"{where}: made for grading run {row['run'] or '(none)'}, not for this run ({run}) "
                                f"of {manifest['assignment']}: use the sheets this run wrote")
                continue
            if q not in manual:
                problems.append(f"{where}: question {q!r} is not graded by hand in {manifest['assignment']} "
                                f"(those are: {', '.join(manual)})")
                continue
            if q in source and source[q] != path:
                problems.append(f"{where}: question {q} is also in {source[q]}: give one sheet per question")
                continue
            source[q] = path
            if (q, code) not in key:
                problems.append(f"{where}: no student has code {code!r} for {q} in this run")
                continue
            if (q, code) in seen:
                problems.append(f"{where}: code {code} of {q} is also on line {seen[q, code]}")
                continue
            seen[q, code] = row["line"]
            score = row["score"]
            if score is not None and not 0 <= score <= manual[q]:
                problems.append(f"{where}: score {score:g} for {code} is outside 0-{manual[q]:g}, "
                                f"the points of {q}")
                continue
            if score is None and not partial:
                problems.append(f"{where}: no score for {code} (leave it out only with --partial)")
                continue
            scores[q, key[q, code]] = (score, row["comment"])
    if not partial:
        for q in manual:
            if q not in source:
                problems.append(f"no sheet for {q}: give its filled CSV (or use --partial)")
                continue
            left = sorted(code for (kq, code) in key if kq == q and (kq, code) not in seen)
            if left:
                problems.append(f"{source[q]}: no row for code(s) {', '.join(left)} of {q} (or use --partial)")
    if problems:
        more = f"\n... and {len(problems) - MAX_LISTED} more" if len(problems) > MAX_LISTED else ""
        raise FramingError("the sheets were not merged, nothing was written:\n"
                           + "\n".join(problems[:MAX_LISTED]) + more)
    return scores


def _late(submissions, policy, students: list[str]) -> tuple[dict, list]:
    """``{student: (late, percent, note)}`` from collect's submissions.csv and a late policy, and who sent nothing."""
    if submissions is None:
        if policy is not None:
            raise FramingError("a late policy needs the submissions table (--submissions submissions.csv, "
                               "written by framing collect).")
        return {}, []
    from framing.grading.lms import late_penalty, read_policy

    rules = read_policy(policy) if policy is not None else None
    path = Path(submissions)
    rows = list(csv.DictReader(io.StringIO(read_utf8(path), newline="")))
    if rows and not {"student", "late", "source"} <= set(rows[0]):
        raise FramingError(f"{path}: not a submissions table (framing collect writes it, with student, late and "
                           f"source columns; this one has: {', '.join(rows[0])}).")
    out, missing = {}, []
    for row in rows:
        if not str(row.get("source", "")).strip():
            missing.append(row.get("student", ""))
            continue
        late = str(row.get("late", "")).strip().lower() in ("true", "yes", "1")
        percent, note = late_penalty(rules, row) if rules is not None else (0.0, "")
        out[row.get("student", "")] = (late, float(percent), note)
    # the same class and assignment as the grades, or nothing: a late flag must never miss its student
    ungraded = sorted(set(out) - set(students))
    unknown = sorted(set(students) - set(out))
    if ungraded or unknown:
        raise FramingError(
            f"{path} does not match the grades, nothing was written: "
            + "; ".join(part for part in (
                f"graded but not in it: {', '.join(unknown[:10])}" if unknown else "",
                f"a notebook in it but not graded: {', '.join(ungraded[:10])}" if ungraded else "") if part)
            + ". Give the submissions.csv that framing collect wrote beside the notebooks graded.")
    return out, [m for m in missing if m not in students]


def _feedback(text: str, row: dict, manual: dict, hand: dict, penalty: float) -> str:
    # the score line is the fourth line, between two marks (the title above it is one line); the hand-graded
    # sections are the last ones: text from the notebook earlier in the file cannot move either
    lines = text.split("\n")
    if len(lines) > 4 and lines[2] == lines[4] == SCORE_MARK:
        lines[3] = (f"Score: {row['total']:g} / {row['possible']:g} (auto-graded {row['auto']:g}, "
                    f"graded by hand {row['hand']:g}" + (f", late penalty -{penalty:g}" if penalty else "")
                    + f"; status: {row['status']})")
        text = "\n".join(lines)
    for q, points in manual.items():
        mark = HAND_MARK.format(q)
        score, comment = hand.get(q, (None, ""))
        body = f"## {q} (graded by hand): " + (f"{score:g} / {points:g}" if score is not None else "not graded yet")
        if comment:
            body += "\n\n" + "\n".join("> " + line for line in comment.splitlines())
        pieces = text.rsplit(mark, 2)
        if len(pieces) == 3:
            text = pieces[0] + mark + "\n" + body + "\n" + mark + pieces[2]
        else:
            text = text.rstrip("\n") + f"\n\n{mark}\n{body}\n{mark}\n"
    return text


def merge(grades, sheets=None, *, out=None, submissions=None, policy=None, partial: bool = False):
    """The final gradebook of a grading run: auto-graded points, hand-graded points, totals.

    Parameters
    ----------
    grades : path
        The CSV ``framing grade`` wrote (its manifest, key and feedback are found from it).
    sheets : list of paths, optional
        Filled sheets (CSV files, or folders of them). Default: the run's sheets folder.
    out : path, optional
        Where to write the gradebook (default: ``<grades stem>-final.csv`` beside it).
    submissions : path, optional
        ``submissions.csv`` from ``framing collect``: its ``late`` column is kept. It
        must list every graded student, and no notebook that was not graded.
    policy : path, optional
        A late policy (YAML, :func:`framing.grading.lms.read_policy`): the penalty, a
        percentage of the total, is taken off late submissions.
    partial : bool, default False
        Merge even where scores are missing (they stay empty, and count 0 in the total).

    Returns
    -------
    pandas.DataFrame
        One row per student: ``student``, the auto-graded questions, the questions
        graded by hand and their ``<q>_comment``, ``auto``, ``hand``, ``late``,
        ``penalty`` (points), ``total``, ``possible``, ``status``, ``message``,
        ``comment`` (a short summary for the learning platform). With
        ``submissions``, students of the roster who sent no notebook are rows too,
        status ``no submission`` and no score (the exports leave their cells as they
        were, so the platform's own rule for missing work applies).

    Examples
    --------
    >>> merge("grades/01_corpus.csv", ["q9-scores.csv"])  # doctest: +SKIP
    """
    import pandas as pd

    grades = Path(grades)
    manifest = _manifest(grades)
    manual = manifest.get("manual") or {}
    if not manual:
        raise FramingError(f"{grades}: {manifest['assignment']} has no question graded by hand: the grades CSV "
                           "is already final.")
    folder = Path((manifest.get("sheets") or {}).get("folder") or grades.parent / f"{grades.stem}-sheets")
    key = read_key(folder / "key.csv")
    table = pd.read_csv(io.StringIO(read_utf8(grades)), dtype={"student": str, "status": str, "message": str},
                        keep_default_na=False)
    students = list(table["student"])
    strangers = sorted({s for s in key.values()} - set(students))
    if strangers:
        raise FramingError(f"{folder / 'key.csv'}: students not in {grades.name}: {', '.join(strangers[:10])}.")
    hand = _hand_scores(_sheet_files(sheets, folder), manifest, key, partial)
    late, absent = _late(submissions, policy, students)
    auto_qs = [c for c in table.columns if c not in ("student", "file", "total", "possible", "status", "message")]
    rows = []
    for record in table.to_dict("records"):
        s = record["student"]
        row = {"student": s, **{q: float(record[q]) for q in auto_qs}}
        for q in manual:
            score, comment = hand.get((q, s), (None, ""))
            row[q], row[f"{q}_comment"] = score, comment
        row["auto"] = float(record["total"])
        row["hand"] = float(sum(row[q] or 0.0 for q in manual))
        is_late, percent, note = late.get(s, (False, 0.0, ""))
        row["late"] = is_late
        row["possible"] = float(record["possible"]) + float(sum(manual.values()))
        row["penalty"] = round((row["auto"] + row["hand"]) * percent / 100, 2)
        row["total"] = max(0.0, row["auto"] + row["hand"] - row["penalty"])
        row["status"] = record["status"]
        row["message"] = "; ".join(m for m in (record["message"], note) if m)
        summary = [f"Auto-graded: {row['auto']:g} / {float(record['possible']):g}."]
        for q, points in manual.items():
            if row[q] is not None:
                said = row[f"{q}_comment"]
                summary.append(f"{q} (by hand): {row[q]:g} / {points:g}"
                               + (f" - {said}" if said else "") + ("" if said[-1:] in ".!?؟" else "."))
        if row["penalty"]:
            summary.append(f"Late: -{row['penalty']:g} ({percent:g}%).")
        row["comment"] = " ".join(summary)
        rows.append(row)
    for s in absent:  # in the roster, no notebook in the download: listed, with no score (the export leaves them)
        rows.append({"student": s, **{q: None for q in auto_qs},
                     **{c: None for q in manual for c in (q, f"{q}_comment")},
                     "auto": None, "hand": None, "late": False, "penalty": None, "total": None,
                     "possible": float(table["possible"].iloc[0]) + float(sum(manual.values())) if len(table) else None,
                     "status": "no submission", "message": "no notebook in the download (framing collect)",
                     "comment": ""})
    columns = ["student", *auto_qs, *[c for q in manual for c in (q, f"{q}_comment")], "auto", "hand", "late",
               "penalty", "total", "possible", "status", "message", "comment"]
    final = pd.DataFrame(rows, columns=columns)
    out = Path(out) if out else grades.with_name(f"{grades.stem}-final.csv")
    feedback = Path(manifest.get("feedback") or grades.parent / f"{grades.stem}-feedback")
    updates = {}
    for row in rows:
        path = feedback / f"{file_name(row['student'])}.md"
        if row["status"] != "no submission" and path.is_file():
            scores = {q: hand[q, row["student"]] for q in manual if (q, row["student"]) in hand}
            updates[path] = _feedback(path.read_text(encoding="utf-8"), row, manual, scores, row["penalty"])
    write_atomic(out, frame_csv(final, "\r\n"))
    for path, text in updates.items():
        write_atomic(path, text.encode("utf-8", "backslashreplace"))
    return final
