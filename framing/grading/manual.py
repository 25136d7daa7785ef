"""Questions graded by hand: what the master says about them, and what each student wrote.

A master marks an interpretive question ``manual: true``. ``framing release``
records each such question in the autograder bundle (``framing-manual.json``):
its name, its points, the question as the student sees it (rubric included) and
the master's model answer. Grading then reads every submission's answer to it
(:func:`read_answers`), without running anything: the answer is the cells
between the question and ``<!-- END QUESTION -->`` in the student's notebook,
Markdown as typed.

>>> q = {"name": "q9", "points": 5.0, "prompt": "**Question 9.** Why?", "model": "Because."}
>>> nb = {"cells": [{"cell_type": "markdown", "source": "<!-- BEGIN QUESTION -->\\n\\n**Question 9.** Why?"},
...                 {"cell_type": "markdown", "source": "الميليشيات is a **loaded** word."},
...                 {"cell_type": "markdown", "source": "<!-- END QUESTION -->\\n\\n## Next"}]}
>>> import json
>>> read_answers(json.dumps(nb).encode(), [q])["q9"]
{'text': 'الميليشيات is a **loaded** word.', 'blank': False, 'found': True}
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from framing.errors import FramingError

__all__ = ["MANUAL_FILE", "PLACEHOLDER", "master_questions", "read_manual", "read_answers", "add_to_bundle"]

#: The file in an autograder bundle that lists the hand-graded questions.
MANUAL_FILE = "framing-manual.json"
#: What otter writes in an answer cell before the student types anything.
PLACEHOLDER = "_Type your answer here, replacing this text._"
#: Longest answer kept, in characters (the rest is cut, and the sheet says so).
MAX_ANSWER = 20_000
#: Longest output of one code cell kept in an answer, in characters.
MAX_OUTPUT = 3_000

_BEGIN = "<!-- BEGIN QUESTION -->"
_END = "<!-- END QUESTION -->"


def _source(cell) -> str:
    source = cell.get("source", "") if isinstance(cell, dict) else ""
    if isinstance(source, list):
        source = "".join(s for s in source if isinstance(s, str))
    return source if isinstance(source, str) else ""


def _config(text: str) -> dict:
    import yaml

    try:
        found = yaml.safe_load(text.split("\n", 1)[1] if "\n" in text else "")
    except yaml.YAMLError:
        return {}
    return found if isinstance(found, dict) else {}


def master_questions(master) -> list[dict]:
    """The hand-graded questions of a master notebook, in order.

    Each is ``{"name", "points", "prompt", "model"}``: the question's Markdown
    as students see it (its rubric is part of it) and the model answer (the
    solution cells). A manual question without points, or without a model
    answer, stops with a message naming the master and the question.

    >>> [(q["name"], q["points"]) for q in master_questions("instructor/masters/01_corpus.ipynb")]
    [('q9', 5.0)]
    """
    master = Path(master)
    cells = json.loads(master.read_text(encoding="utf-8"))["cells"]
    found, current, where = [], None, None
    for cell in cells:
        text = _source(cell).strip()
        if cell.get("cell_type") == "raw" and text.startswith("# BEGIN QUESTION"):
            config = _config(text)
            current = None
            if config.get("manual"):
                name = str(config.get("name", "")).strip()
                points = config.get("points")
                if isinstance(points, list):
                    points = sum(points)
                if isinstance(points, bool) or not isinstance(points, (int, float)) or points <= 0:
                    raise FramingError(f"{master}: hand-graded question {name or '?'} has no points "
                                       f"(points: {points!r}); give it `points: N` in its BEGIN QUESTION cell.")
                current = {"name": name, "points": float(points), "prompt": [], "model": []}
                found.append(current)
                where = "prompt"
        elif current is not None and cell.get("cell_type") == "raw" and text.startswith("# BEGIN SOLUTION"):
            where = "model"
        elif current is not None and cell.get("cell_type") == "raw" and text.startswith("# END SOLUTION"):
            where = None
        elif current is not None and cell.get("cell_type") == "raw" and text.startswith("# END QUESTION"):
            current = where = None
        elif current is not None and where and cell.get("cell_type") in ("markdown", "code"):
            current[where].append(text)
    for q in found:
        q["prompt"], q["model"] = "\n\n".join(q["prompt"]), "\n\n".join(q["model"])
        if not q["model"]:
            raise FramingError(f"{master}: hand-graded question {q['name']} has no model answer "
                               "(a Markdown cell between # BEGIN SOLUTION and # END SOLUTION).")
    return found


def add_to_bundle(bundle, questions: list[dict]) -> None:
    """Record the hand-graded questions in an autograder bundle (a zip, changed in place)."""
    with zipfile.ZipFile(bundle, "a") as zf:
        zf.writestr(MANUAL_FILE, json.dumps({"version": 1, "questions": questions}, ensure_ascii=False, indent=1))


def read_manual(bundle) -> list[dict]:
    """The hand-graded questions recorded in a bundle (none for a bundle that has no such file)."""
    with zipfile.ZipFile(bundle) as zf:
        if MANUAL_FILE not in zf.namelist():
            return []
        data = json.loads(zf.read(MANUAL_FILE).decode("utf-8"))
    return data["questions"]


def _norm(text: str) -> str:
    return " ".join(text.replace(_BEGIN, "").split())


def _outputs(cell) -> str:
    """The plain text a code cell printed or showed (never its HTML: that is the student's markup)."""
    texts = []
    for output in cell.get("outputs") or []:
        if not isinstance(output, dict):
            continue
        value = output.get("text") if output.get("output_type") == "stream" else \
            (output.get("data") or {}).get("text/plain") if isinstance(output.get("data"), dict) else None
        if isinstance(value, list):
            value = "".join(v for v in value if isinstance(v, str))
        if isinstance(value, str) and value.strip():
            texts.append(value.rstrip())
    text = "\n".join(texts)
    return text if len(text) <= MAX_OUTPUT else text[:MAX_OUTPUT] + "\n[… output cut here]"


def _answer_cell(cell, text: str) -> str:
    if cell.get("cell_type") != "code":
        return text.strip()
    if not text.strip():
        return ""
    shown = _outputs(cell)
    return _fenced(text.strip(), "python") + (f"\n\nOutput:\n\n{_fenced(shown)}" if shown else "")


def _fenced(text: str, language: str = "") -> str:
    """Text as a Markdown code block whose fence no line of the text can close."""
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", text)), default=0))
    return f"{fence}{language}\n{text}\n{fence}"


def read_answers(data: bytes | None, questions: list[dict]) -> dict:
    """Each hand-graded question's answer in one submission (its bytes), without running it.

    Returns ``{question: {"text", "blank", "found"}}``: ``text`` is what the
    student wrote (cells between the question and ``<!-- END QUESTION -->``,
    Markdown as typed, code cells as fenced code), cut at 20,000 characters;
    ``blank`` when nothing but otter's placeholder (or the question's unchanged
    ``template``, the answer cells as released) is there; ``found`` is False
    when the question's cell is not in the notebook (deleted, or not a notebook).
    The question is found by its text, else by its place among the questions.
    """
    out = {q["name"]: {"text": "", "blank": True, "found": False} for q in questions}
    try:
        nb = json.loads(data.decode("utf-8")) if data else None
    except (ValueError, UnicodeDecodeError, RecursionError, MemoryError):
        nb = None
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        return out
    # every question region: (the question's text, its answer cells)
    regions, current = [], None
    for cell in cells:
        if not isinstance(cell, dict):
            continue
        text = _source(cell)
        stripped = text.strip()
        if current is not None and stripped.startswith(_END):
            regions.append(current)
            current = None
            continue
        if stripped.startswith(_BEGIN):
            if current is not None:
                regions.append(current)
            current = (_norm(stripped), [])
            continue
        metadata = cell.get("metadata")
        if current is not None and not (isinstance(metadata, dict) and metadata.get("editable") is False):
            current[1].append(_answer_cell(cell, text))
    if current is not None:
        regions.append(current)
    by_text = {prompt: answer for prompt, answer in regions}
    for index, q in enumerate(questions):
        answer = by_text.get(_norm(q["prompt"]))
        if answer is None and index < len(regions):
            answer = regions[index][1]
        if answer is None:
            continue
        text = "\n\n".join(a for a in answer if a and a != PLACEHOLDER)
        if len(text) > MAX_ANSWER:
            text = text[:MAX_ANSWER] + f"\n\n[… cut here: {len(text) - MAX_ANSWER:,} more characters]"
        blank = text.strip() == q.get("template", "").strip() or not re.sub(r"\W", "", text)
        out[q["name"]] = {"text": text, "blank": blank, "found": True}
    return out
