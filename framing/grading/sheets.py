"""Hand-grading sheets: one page per question with every student's answer, graded in the browser.

For each hand-graded question of a grading run, ``framing grade`` writes into
``<stem>-sheets/``:

* ``q9.html``: a self-contained page (no server, no network: it opens from the
  file in any browser) with the question, its rubric and the model answer at
  the top, then every student's answer, Markdown rendered, Arabic right to
  left, each with a score and a comment field beside it. What is typed is kept
  in the browser as it is typed; *Save scores (CSV)* writes the file
  ``framing merge`` reads.
* ``q9.csv``: the same sheet for a spreadsheet (UTF-8 with a byte-order mark, so
  Excel opens the Arabic correctly): fill its ``score`` and ``comment`` columns.
* ``key.csv``: which student each code stands for (question, code, student).

Answers are in an order shuffled with a recorded seed, a new order for each
question, and students are shown by a code rather than a name unless asked:
the order in which answers are read and the name on them are both known to
sway a grader. Nothing a student wrote can run in the page: raw HTML in an
answer is shown as text, and the page's Content-Security-Policy lets only its
own script run and load no file or image from anywhere.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import random
import re
from pathlib import Path

from framing.errors import FramingError
from framing.grading.files import FORMULA_START, read_utf8, write_atomic

__all__ = ["render_markdown", "spreadsheet_text", "student_codes", "write_sheets", "read_key", "CODE_LETTERS",
           "SHEET_COLUMNS"]

#: Letters of a student code: no 0/O, 1/I, 5/S, 8/B, 2/Z, G/6 to confuse, and no E (a spreadsheet reads 44E9
#: as the number 4.4E+10).
CODE_LETTERS = "ACDFHJKLMNPRTUVWXY3479"
#: Columns of a sheet's CSV (``student`` only when names are shown).
SHEET_COLUMNS = ("run", "question", "code", "student", "points", "answered", "score", "comment", "answer")

_TEMPLATES = Path(__file__).with_name("templates")
_ARABIC = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_ARABIC_RUN = re.compile(f"[{_ARABIC}]+(?:[\\s\u200c\u200d\u00a0]+[{_ARABIC}]+)*")
_BLOCKS = re.compile(r"<(p|li|blockquote|h[1-6]|td|th|pre)>")


def render_markdown(text: str) -> str:
    """Markdown as safe HTML: raw HTML shown as text, each block's direction from its text, Arabic isolated.

    >>> render_markdown("They say **غزو** <script>alert(1)</script>")
    '<p dir="auto">They say <strong><span class="ar">غزو</span></strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>\\n'
    """
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark", {"html": False}).enable("table").render(text)
    html = _BLOCKS.sub(lambda m: f'<{m[1]} dir="auto">', html)
    # A run of Arabic words is isolated (right to left), so the punctuation around it keeps its place in an
    # English sentence. With a CSS class, not <bdi> or a dir attribute: dir="auto" skips those when it looks
    # for a block's first strong letter, and an answer in Arabic would then be laid out left to right.
    parts = re.split(r"(<[^>]*>)", html)
    return "".join(p if p.startswith("<") else _ARABIC_RUN.sub(lambda m: f'<span class="ar">{m[0]}</span>', p)
                   for p in parts)


def student_codes(students, question: str, seed: int) -> dict:
    """A short code per student for one question, and the order answers are shown in.

    The same seed gives the same codes and order; each question gets its own.
    Returns ``{student: code}`` in the shuffled order.

    >>> codes = student_codes(["alice", "bob", "chen"], "q9", 7)
    >>> sorted(codes), len(set(codes.values())), codes == student_codes(["chen", "bob", "alice"], "q9", 7)
    (['alice', 'bob', 'chen'], 3, True)
    """
    rng = random.Random(f"{seed}:{question}")
    order = sorted(students)
    rng.shuffle(order)
    codes, taken = {}, set()
    first = CODE_LETTERS.rstrip("0123456789")  # a letter first: never a number to a spreadsheet

    def draw() -> str:
        return rng.choice(first) + "".join(rng.choice(CODE_LETTERS) for _ in range(3))

    for student in order:
        code = draw()
        while code in taken:
            code = draw()
        taken.add(code)
        codes[student] = code
    return codes


def spreadsheet_text(text: str) -> str:
    """Text a spreadsheet shows as typed: a leading ``'`` where Excel would read a formula (``=``, ``+``, ``-``, ``@``).

    A student's answer in a sheet's CSV cannot then run as a formula
    (``=HYPERLINK(...)``) when the instructor opens the file.

    >>> print(spreadsheet_text("=1+1"), spreadsheet_text("غزو"), spreadsheet_text("-1 point"))
    '=1+1 غزو '-1 point
    """
    return "'" + text if text.startswith(FORMULA_START) else text


def _fmt(value: float) -> str:
    return f"{value:g}"


def _csv_bytes(rows: list[dict], columns) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8", "backslashreplace")


def _page(context: dict) -> bytes:
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(_TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["fmt"] = _fmt
    script = (_TEMPLATES / "sheet.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    html = env.get_template("sheet.html").render(**context, script=jinja2.utils.markupsafe.Markup(script),
                                                 script_hash=f"sha256-{digest}")
    return html.encode("utf-8", "backslashreplace")


def write_sheets(folder, *, assignment: str, run: str, questions: list[dict], answers: dict, why: dict,
                 seed: int, names: bool = False, write=None) -> list[Path]:
    """Write the sheets of a run's hand-graded questions, and ``key.csv``.

    Parameters
    ----------
    folder : path
        Where to write ``<question>.html``, ``<question>.csv`` and ``key.csv``.
    assignment, run : str
        The assignment and the grading run's id (every row and page carries it,
        so ``framing merge`` refuses a sheet from another run).
    questions : list of dict
        The hand-graded questions (``name``, ``points``, ``prompt``, ``model``).
    answers : dict
        ``{student: {question: {"text", "blank", "found"}}}``, from
        :func:`framing.grading.manual.read_answers`.
    why : dict
        ``{student: status}``: said on the sheet where no answer could be read.
    seed : int
        Seed of the order and the codes.
    names : bool, default False
        Show students' names on the sheets (else codes only; the key is in ``key.csv``).
    write : callable, optional
        ``write(path, data)`` (default: :func:`framing.grading.files.write_atomic`).

    Returns
    -------
    list of Path
        The files written.
    """
    from markupsafe import Markup

    folder = Path(folder)
    write = write or write_atomic
    made, key_rows = [], []
    for q in questions:
        name, points = q["name"], float(q["points"])
        codes = student_codes(list(answers), name, seed)
        rows, shown = [], []
        for student, code in codes.items():
            answer = answers[student].get(name) or {"text": "", "blank": True, "found": False}
            answered = answer["found"] and not answer["blank"]
            score = "" if answered else "0"
            comment = "" if answered else ("Not answered." if answer["found"] else "No answer could be read.")
            rows.append({"run": run, "question": name, "code": code, "student": student, "points": _fmt(points),
                         "answered": "yes" if answered else "no", "score": score, "comment": comment,
                         "answer": spreadsheet_text(answer["text"])})
            shown.append({"code": code, "student": student, "found": answer["found"], "blank": answer["blank"],
                          "why": why.get(student, "the question's cell is missing"), "score": score,
                          "comment": comment, "html": Markup(render_markdown(answer["text"])) if answered else ""})
            key_rows.append({"question": name, "code": code, "student": student})
        columns = [c for c in SHEET_COLUMNS if names or c != "student"]
        write(folder / f"{name}.csv", _csv_bytes(rows, columns))
        write(folder / f"{name}.html", _page({
            "assignment": assignment, "question": name, "points": points, "run": run, "seed": seed, "names": names,
            "prompt": Markup(render_markdown(q["prompt"])), "model": Markup(render_markdown(q["model"])),
            "answers": shown}))
        made += [folder / f"{name}.csv", folder / f"{name}.html"]
    if questions:
        write(folder / "key.csv", _csv_bytes(key_rows, ("question", "code", "student")))
        made.append(folder / "key.csv")
    return made


def read_key(path) -> dict:
    """``{(question, code): student}`` from a sheets folder's ``key.csv``."""
    path = Path(path)
    if not path.is_file():
        raise FramingError(f"{path}: no key of student codes here (framing grade writes key.csv beside the sheets).")
    rows = list(csv.DictReader(io.StringIO(read_utf8(path), newline="")))
    if rows and not {"question", "code", "student"} <= set(rows[0]):
        raise FramingError(f"{path}: not a key of student codes (its columns: {', '.join(rows[0])}); framing grade "
                           "writes key.csv with question, code, student.")
    return {(r["question"], r["code"]): r["student"] for r in rows}
