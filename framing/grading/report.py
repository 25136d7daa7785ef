"""What the class got wrong: one grading run's results, per question and per test case.

:func:`read_results` reads ``<stem>.results.json`` (written by the grader); :func:`question_summary`
and :func:`case_summary` give the tables; :func:`write_report` writes them, with a plot of the share
passed per case, as one self-contained HTML page (no script, nothing loaded from elsewhere).
"""

from __future__ import annotations

import base64
import io
import json
import math
import re
from collections import Counter
from pathlib import Path

import pandas as pd

from framing.errors import FramingError
from framing.grading.files import write_atomic

__all__ = ["read_results", "question_summary", "case_summary", "write_report"]

VERSION = 1
_TEMPLATES = Path(__file__).with_name("templates")
_SIMILAR = ["question", "student_a", "student_b", "similarity", "reason"]


def read_results(path) -> dict:
    """Read a grading run's ``<stem>.results.json`` and check its shape.

    Parameters
    ----------
    path : str or path
        The results file the grader wrote.

    Returns
    -------
    dict
        The results: ``assignment``, ``run``, ``questions`` and ``students``.

    Raises
    ------
    FramingError
        The file is missing, is not JSON, or is not version 1 results (naming the file).

    Example
    -------
    >>> read_results("no/such.results.json")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    framing.errors.FramingError: The results file no/such.results.json does not exist or is not a file: ...
    """
    path = Path(path)
    if not path.is_file():
        raise FramingError(f"The results file {path} does not exist or is not a file: "
                           "give the <stem>.results.json the grader wrote.")
    try:
        results = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise FramingError(f"The results file {path} is not valid JSON ({err}): grade again to rewrite it.") from None
    version = results.get("version") if isinstance(results, dict) else None
    if version != VERSION:
        raise FramingError(f"The results file {path} has version {version!r}; this kit reads version {VERSION}. "
                           "Grade again with this kit, or read it with the kit that wrote it.")
    for key in ("questions", "students"):
        entries = results.get(key)
        if not isinstance(entries, dict) or not all(isinstance(v, dict) for v in entries.values()):
            raise FramingError(f"The results file {path} has no {key!r} mapping (of mappings): grade again.")
    return results


def question_summary(results: dict) -> pd.DataFrame:
    """One row per question, in the file's order: how many attempted it, the mean and full marks.

    A student whose notebook has no entry for a question (unreadable, error) did
    not attempt it and scores 0 in the mean. ``mean`` is NaN and ``full`` is
    <NA> for a hand-graded (manual) question: the run has no score for it yet.

    Parameters
    ----------
    results : dict
        What :func:`read_results` returned.

    Returns
    -------
    pandas.DataFrame
        Columns question, possible, manual, students, attempted, not_attempted
        (names, sorted, comma-separated), mean, full (students with score == possible).

    Example
    -------
    >>> results = {"questions": {"q1": {"possible": 2.0, "manual": False, "cases": []}},
    ...            "students": {"b": {"status": "ok", "questions": {"q1": {"score": 2.0, "attempted": True}}},
    ...                         "a": {"status": "unreadable", "questions": {}}}}
    >>> row = question_summary(results).iloc[0]
    >>> int(row["attempted"]), row["not_attempted"], float(row["mean"]), int(row["full"])
    (1, 'a', 1.0, 1)
    """
    students = results["students"]
    rows = []
    for name, q in results["questions"].items():
        manual, possible = bool(q.get("manual")), float(q.get("possible") or 0.0)
        entries = {s: (v.get("questions") or {}).get(name) for s, v in students.items()}
        missed = sorted(s for s, e in entries.items() if not (e or {}).get("attempted"))
        scores = [float((e or {}).get("score") or 0.0) for e in entries.values()]
        rows.append({"question": name, "possible": possible, "manual": manual, "students": len(entries),
                     "attempted": len(entries) - len(missed), "not_attempted": ", ".join(missed),
                     "mean": math.nan if manual or not scores else sum(scores) / len(scores),
                     "full": pd.NA if manual else sum(math.isclose(s, possible) for s in scores)})
    table = pd.DataFrame(rows, columns=["question", "possible", "manual", "students", "attempted",
                                        "not_attempted", "mean", "full"])
    return table.astype({"mean": float, "full": "Int64", "manual": bool})


def _message(text) -> str:
    text = re.sub(r"\s+", " ", str(text or "")).strip()
    return text or "(no message)"


def _case_rows(results: dict) -> list[dict]:
    students = results["students"]
    rows = []
    for qname, q in results["questions"].items():
        if q.get("manual"):
            continue
        for case in q.get("cases") or []:
            passed, failed = 0, Counter()
            for student in students.values():
                entry = (student.get("questions") or {}).get(qname) or {}
                got = next((c for c in entry.get("cases") or [] if c.get("name") == case["name"]), None)
                if got is None:
                    failed[f"no result ({student.get('status', 'unknown')})"] += 1
                elif got.get("passed"):
                    passed += 1
                else:
                    failed[_message(got.get("message"))] += 1
            top = [(m if len(m) <= 200 else m[:199] + "…", n)
                   for m, n in sorted(failed.items(), key=lambda kv: (-kv[1], kv[0]))[:3]]
            rows.append({"question": qname, "case": case["name"], "hidden": bool(case.get("hidden")),
                         "points": float(case.get("points") or 0.0), "students": len(students),
                         "passed": passed, "share": passed / len(students) if students else math.nan,
                         "failures": sum(failed.values()), "top": top})
    return rows


def case_summary(results: dict, *, worst_first: bool = False) -> pd.DataFrame:
    """One row per test case of the auto-graded questions: the share passed and the commonest failures.

    Every student in the run counts for every case: a student with no result
    for a case (the notebook was unreadable, errored or ran out of time) is a
    failure with the message ``no result (<status>)``. Messages are grouped
    after whitespace is collapsed (and shown cut at 200 characters); an empty
    one counts as ``(no message)``.

    Parameters
    ----------
    results : dict
        What :func:`read_results` returned.
    worst_first : bool
        Sort by share passed, lowest first (ties, and otherwise, in the file's order).

    Returns
    -------
    pandas.DataFrame
        Columns question, case, hidden, points, students, passed, share (0..1, NaN
        without students), failures, common (the top 3 messages with counts, "; "-separated).

    Example
    -------
    >>> results = {"questions": {"q1": {"possible": 1.0, "manual": False,
    ...                                 "cases": [{"name": "q1 - 1", "hidden": False, "points": 1.0}]}},
    ...            "students": {"a": {"status": "ok", "questions": {"q1": {"score": 1.0, "attempted": True,
    ...                               "cases": [{"name": "q1 - 1", "passed": True, "message": ""}]}}},
    ...                         "b": {"status": "error", "questions": {}}}}
    >>> row = case_summary(results).iloc[0]
    >>> int(row["passed"]), float(row["share"]), row["common"]
    (1, 0.5, 'no result (error) (1)')
    """
    rows = _case_rows(results)
    for row in rows:
        row["common"] = "; ".join(f"{m} ({n})" for m, n in row.pop("top"))
    table = pd.DataFrame(rows, columns=["question", "case", "hidden", "points", "students", "passed",
                                        "share", "failures", "common"]).astype({"share": float})
    if worst_first:
        table = table.sort_values("share", kind="stable", na_position="last").reset_index(drop=True)
    return table


def _plot(rows: list[dict]) -> str:
    """The share passed per case, worst first, as base64 PNG ('' when no case has students)."""
    import seaborn as sns
    from matplotlib.artist import setp
    from matplotlib.figure import Figure

    from framing.plots import FONT, arabic

    rows = [r for r in rows if not math.isnan(r["share"])]
    if not rows:
        return ""
    unique = len({r["case"] for r in rows}) == len(rows)
    data = pd.DataFrame({"case": [arabic(r["case"] if unique else f"{r['question']}: {r['case']}") for r in rows],
                         "share": [r["share"] * 100 for r in rows]})
    fig = Figure(figsize=(7, 1.0 + 0.32 * len(rows)), layout="constrained")
    ax = fig.add_subplot()
    sns.barplot(data=data, x="share", y="case", orient="h", color="#1f3a5f", ax=ax)
    ax.set_xlim(0, 100)
    ax.set_xlabel("students who passed (%)", fontfamily=FONT)
    ax.set_ylabel("")
    setp(ax.get_yticklabels(), fontfamily=FONT)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def write_report(results: dict, out, *, similar: pd.DataFrame | None = None) -> Path:
    """Write "what the class got wrong" as one self-contained HTML page.

    A plot of the share passed per case, the question table, the case table (both
    worst first, with the commonest failures), who did not attempt what, notebooks
    not graded "ok" and, if ``similar`` has rows, similar answers (to read, never a
    penalty). Names and messages are escaped; a Content-Security-Policy forbids any
    script or outside resource. Written atomically (:func:`~framing.grading.files.write_atomic`).

    Parameters
    ----------
    results : dict
        What :func:`read_results` returned.
    out : str or path
        The HTML file to write; an existing folder gets ``<assignment>.report.html``.
    similar : pandas.DataFrame, optional
        Columns question, student_a, student_b, similarity, reason.

    Returns
    -------
    pathlib.Path
        The file written.

    Example
    -------
    >>> import tempfile
    >>> results = {"assignment": "01", "run": "abc", "questions": {}, "students": {}}
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_report(results, folder).name
    '01.report.html'
    """
    import jinja2

    out = Path(out)
    if out.is_dir():
        out = out / f"{results.get('assignment') or 'results'}.report.html"
    pairs = []
    if similar is not None and len(similar):
        missing = [c for c in _SIMILAR if c not in similar.columns]
        if missing:
            raise FramingError(f"The similar table lacks the column(s) {', '.join(missing)}; it needs {_SIMILAR}.")
        pairs = [dict(r, similarity=f"{float(r['similarity']):.2f}") for r in similar[_SIMILAR].to_dict("records")]
    rows = _case_rows(results)
    worst = sorted(rows, key=lambda r: math.inf if math.isnan(r["share"]) else r["share"])
    questions = question_summary(results).to_dict("records")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(_TEMPLATES), undefined=jinja2.StrictUndefined,
                             autoescape=jinja2.select_autoescape(default=True, default_for_string=True))
    env.filters["num"] = lambda x: "—" if x is None or pd.isna(x) else f"{x:g}" if isinstance(x, float) else str(x)
    env.filters["pct"] = lambda x: "—" if pd.isna(x) else f"{x * 100:.0f}%"
    html = env.get_template("report.html").render(
        assignment=str(results.get("assignment", "")), run=str(results.get("run", "")),
        students=len(results["students"]), questions=questions, cases=worst, plot=_plot(worst),
        missed=[q for q in questions if q["not_attempted"]], similar=pairs,
        statuses=sorted((str(s), str(v.get("status"))) for s, v in results["students"].items()
                        if v.get("status") != "ok"))
    write_atomic(out, html.encode("utf-8", "backslashreplace"))
    return out
