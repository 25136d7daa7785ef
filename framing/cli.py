"""The ``framing`` command line, built from one table of verbs (:data:`VERBS`).

    framing corpus [--all-columns]
    framing kwic QUERY [--window N] [--outlet X] [--event E] [--exact | --regex] ...
    framing plot frames --out FILE.png [the options of frames]
    ...

(``framing --help`` and ``framing COMMAND --help`` list them all; the README's
list is checked against this table by a test.)

Each entry of :data:`VERBS` names the command, the option groups it takes
(each group defined once, below, with the function parameter it fills) and
how it runs and plots. Every command that reads a corpus takes ``--corpus
PATH`` (before or after the command) and every command that prints a table
takes ``--format table|csv|json`` (CSV with a UTF-8 byte-order mark, for
spreadsheets, unless ``--no-bom``: see :func:`_emit`). A user mistake prints one line on stderr,
in the command line's own words (``The --top option must be ...``), and exits
with status 2; no traceback.

Adding a verb is one entry here: its options come from the groups, its
checks and messages from the function's declared parameters
(:mod:`framing.params`), and its line in ``--help`` from the entry.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from framing import __version__
from framing.errors import FramingError
from framing.params import Whole, check_param

__all__ = ["FORMATS", "Option", "Verb", "VERBS", "as_flags", "command_list", "format_table", "main", "synopsis"]

FORMATS = ("table", "csv", "json")
CORPUS_COLUMNS = ["doc_id", "source_file", "outlet", "event", "date", "machine_translated", "tokens"]


# --------------------------------------------------------------------------
# Options, each defined once, with the function parameter it fills
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    """One command-line option (or positional) and the function parameter it fills (``param``).

    ``param=None``: an option of the command line itself (``--out``, ``--hits``).
    ``group``: options of one mutually exclusive group (``--exact | --regex``).
    """

    flag: str
    param: str | None
    kwargs: dict = field(default_factory=dict)
    group: str | None = None

    @property
    def dest(self) -> str:
        """Where argparse keeps the value: the parameter, or the flag's own name (``--top`` -> ``top``)."""
        return self.param or self.flag.lstrip("-").replace("-", "_")

    def usage(self) -> str:
        if not self.flag.startswith("-"):
            return self.kwargs.get("metavar", self.flag.upper())
        if self.kwargs.get("action") in ("store_true", "store_const"):
            return self.flag
        if "choices" in self.kwargs:
            return f"{self.flag} {'|'.join(self.kwargs['choices'])}"
        return f"{self.flag} {self.kwargs.get('metavar', 'X')}"


def query(help: str = "a word or phrase; * is a wildcard (هجوم*)"):
    return (Option("query", "query", {"metavar": "QUERY", "help": help}),)


def window(default: int, help: str = "tokens of context each side"):
    return (Option("--window", "window", {"type": int, "default": default, "metavar": "N",
                                          "help": f"{help} (default {default})"}),)


def top(default: int, what: str = "rows to show", *, fills: bool = True):
    """``--top N``: the function's ``n`` (``fills``), or how many rows the command keeps of its table."""
    return (Option("--top", "n" if fills else None, {"type": int, "default": default, "metavar": "N",
                                                     "help": f"{what} (default {default})"}),)


def by(default: str, choices=None, help: str = "grouping"):
    kw = {"default": default, "help": f"{help} (default {default})"}
    if choices:
        kw["choices"] = list(choices)
    else:
        kw["metavar"] = "COLUMN"
    return (Option("--by", "by", kw),)


FILTER = (
    Option("--outlet", "outlet", {"action": "append", "metavar": "X", "help": "only this outlet (repeatable)"}),
    Option("--event", "event", {"action": "append", "metavar": "E", "help": "only this event (repeatable)"}),
)
MODE = (
    Option("--exact", "mode", {"action": "store_const", "const": "exact",
                               "help": "match the word itself only, no clitics (و ف ب ك ل ال)"}, group="mode"),
    Option("--regex", "mode", {"action": "store_const", "const": "regex",
                               "help": "each query word is a regular expression on normalised tokens"}, group="mode"),
)
FURNITURE = (Option("--furniture", "furniture", {"action": "store_true",
                                                 "help": "also count page furniture, credit lines and captions"}),)
STOPWORDS = (Option("--stopwords", "stopwords", {"action": "store_true", "help": "keep stopwords and numbers"}),)
FOLD_TAA = (Option("--fold-taa", "fold_taa", {"action": "store_true",
                                              "help": "count taa marbuta ة and ه as one letter (مشتركه = مشتركة)"}),)
HITS = (Option("--hits", None, {"action": "store_true", "help": "list the KWIC lines behind the counts instead"}),)
LEXICON = (Option("--lexicon", "lexicon", {"default": "seeds", "metavar": "PATH",
                                           "help": "a lexicon YAML file (default: the bundled seeds lexicon)"}),)
PAIR = (Option("--pair", "pair", {"metavar": "NAME", "help": "one set of wordings, e.g. war_2003 (default: all)"}),)
TARGET = (
    Option("--target", "target", {"required": True, "metavar": "KEY=VALUE",
                                  "help": "e.g. outlet=Reuters or event=troops_dialogue"}),
    Option("--reference", "reference", {"metavar": "KEY=VALUE", "help": "default: all the other documents"}),
)


# --------------------------------------------------------------------------
# The table of verbs
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Verb:
    """One command: its options, how it runs (and plots), and what it reads and prints.

    ``run(corpus, params, args)`` returns the table to print (or None);
    ``params`` holds the values of the options that fill a function
    parameter, those left unset (None) out, so that the function's own
    defaults apply. ``plot(corpus, params, args)`` returns a figure, for
    ``framing plot NAME``.
    """

    name: str
    help: str
    options: tuple
    run: Callable
    plot: Callable | None = None
    #: The public function (``framing.<function>``) whose parameters the options fill.
    function: str | None = None
    reads_corpus: bool = True
    #: Listed with the instructor's commands (release, grade ...) rather than the analysis ones.
    instructor: bool = False
    prints_table: bool = True
    plot_defaults: dict = field(default_factory=dict)

    def flags(self) -> dict:
        """``{function parameter: flag}`` for the messages (``n`` -> ``--top``)."""
        return {o.param: o.flag for o in self.options if o.param and o.flag.startswith("-")}


def _without(params: dict, *names) -> dict:
    return {k: v for k, v in params.items() if k not in names}


def _run_corpus(corpus, p, args):
    from framing.summary import summary

    table = summary(corpus)
    return table if args.all_columns else table[[c for c in CORPUS_COLUMNS if c in table.columns]]


def _run_frequencies(corpus, p, args):
    from framing.frequencies import frequencies

    return frequencies(corpus, **p)


def _run_ngrams(corpus, p, args):
    from framing.ngrams import ngrams

    return ngrams(corpus, **p)


def _run_coding_sheet(corpus, p, args):
    from framing.coding import coding_sheet

    return coding_sheet(corpus, **p)


def _run_agreement(corpus, p, args):
    from framing.agreement import agreement, disagreements

    codes = p.pop("codes")  # a list of files: each coder once (agreement checks)
    return disagreements(codes, **p) if args.disagreements else agreement(codes, **p)


def _run_validate(corpus, p, args):
    from framing.validation import validate_lexicon

    codes = p.pop("codes")
    result = validate_lexicon(corpus, codes=codes if len(codes) > 1 else codes[0], **p)
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    return {"scores": result.scores, "false-hits": result.false_hits, "misses": result.misses,
            "coverage": result.coverage}[args.show]


def _run_read(corpus, p, args):
    from framing.reading import read

    reading = read(corpus, **p)
    if args.html:
        from framing.grading.files import write_atomic

        page = (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{reading.doc_id}</title>'
                f"</head><body>{reading._repr_html_()}</body></html>\n")
        write_atomic(Path(args.html), page.encode("utf-8"))
        print(f"wrote {args.html}: open it in a browser", file=sys.stderr)
    return reading.hits.drop(columns=["anchor"])


def _run_parallel(corpus, p, args):
    from framing.parallel import parallel

    return parallel(corpus, **p)


def _run_kwic(corpus, p, args):
    from framing.kwic import kwic

    return kwic(corpus, **p)


def _run_tfidf(corpus, p, args):
    from framing.tfidf import top_terms

    return top_terms(corpus, **p)


def _plot_tfidf(corpus, p, args):
    from framing.plots import plot_top_terms
    from framing.tfidf import tfidf

    return plot_top_terms(tfidf(corpus, **_without(p, "n")), p["n"])


def _run_similarity(corpus, p, args):
    from framing.tfidf import similarity

    return similarity(corpus, **p).reset_index()


def _plot_similarity(corpus, p, args):
    from framing.plots import plot_similarity
    from framing.tfidf import similarity

    return plot_similarity(similarity(corpus, **p))


def _keyness(corpus, p):
    from framing.keyness import keyness

    return keyness(corpus, **p)


def _run_keyness(corpus, p, args):
    table, n = _keyness(corpus, p), args.top
    return table if len(table) <= 2 * n else _pd().concat([table.head(n), table.tail(n)])


def _plot_keyness(corpus, p, args):
    from framing.plots import plot_keyness

    return plot_keyness(_keyness(corpus, p), args.top)


def _run_collocates(corpus, p, args):
    from framing.collocates import collocates

    return collocates(corpus, **p).head(args.top)


def _run_dispersion(corpus, p, args):
    from framing.dispersion import dispersion

    return dispersion(corpus, **p)


def _plot_dispersion(corpus, p, args):
    from framing.plots import plot_dispersion

    return plot_dispersion(_run_dispersion(corpus, p, args))


def _run_frames(corpus, p, args):
    from framing.frames import frame_counts, frame_hits

    if getattr(args, "hits", False):
        return frame_hits(corpus, **_without(p, "by", "seed"))
    return frame_counts(corpus, **p)


def _plot_frames(corpus, p, args):
    from framing.frames import frame_counts
    from framing.plots import plot_frames

    return plot_frames(frame_counts(corpus, **p))


def _run_choices(corpus, p, args):
    from framing.choices import choice_hits, choices

    if getattr(args, "hits", False):
        return choice_hits(corpus, **_without(p, "by"))
    return choices(corpus, **p)


def _plot_choices(corpus, p, args):
    from framing.choices import choices
    from framing.plots import plot_choices

    return plot_choices(choices(corpus, **p))


def _run_release(corpus, p, args):
    from framing.grading import release

    made = release(args.masters, args.students, args.bundles, solutions=args.solutions,
                   run_tests=not args.no_run_tests)
    return _pd().DataFrame(made)


def _run_grade(corpus, p, args):
    from framing.grading import Limits, grade

    limits = Limits(wall=args.timeout, cpu=args.cpu, memory_mb=args.memory, cell=args.cell_timeout,
                    processes=args.processes)
    if args.unsafe_no_sandbox:
        print("warning: --unsafe-no-sandbox: the notebooks run as your own processes, with your files in reach",
              file=sys.stderr)
    table = grade(args.submissions, args.bundle, args.out, workers=args.workers, limits=limits,
                  feedback_dir=args.feedback, sandbox=not args.unsafe_no_sandbox, sheets_dir=args.sheets,
                  seed=args.seed, names=args.names)
    print(f"wrote {args.out}: {len(table)} submission(s); status: "
          + ", ".join(f"{k} {v}" for k, v in table.status.value_counts().items()), file=sys.stderr)
    manifest = json.loads(Path(args.out).with_suffix(".manifest.json").read_text(encoding="utf-8"))
    pairs = manifest["similar"]["pairs"]
    print(f"what the class got wrong: {manifest['report']}"
          + (f"; {pairs} pair(s) of alike answers to read (never a penalty): {manifest['similar']['file']}"
             if pairs else ""), file=sys.stderr)
    if manifest.get("sheets"):
        folder = manifest["sheets"]["folder"]
        pages = ", ".join(f"{q}.html" for q in manifest["manual"])
        print(f"hand-grading sheets in {folder}: {pages} (open in a browser); then: framing merge {args.out} "
              "SAVED_SHEETS.csv", file=sys.stderr)
    return table[["student", "total", "possible", "status"]]


def _run_merge(corpus, p, args):
    from framing.grading.merge import merge

    final = merge(args.grades, args.sheets, out=args.out, submissions=args.submissions, policy=args.late,
                  partial=args.partial)
    out = args.out or str(Path(args.grades).with_name(Path(args.grades).stem + "-final.csv"))
    print(f"wrote {out}: {len(final)} student(s), and their feedback files", file=sys.stderr)
    return final[["student", "auto", "hand", "penalty", "total", "possible", "status"]]


def _run_collect(corpus, p, args):
    from framing.grading.lms import collect

    table = collect(args.download, args.out, roster=args.roster)
    late = int(table["late"].sum()) if len(table) else 0
    print(f"wrote {args.out}: {int((table['source'] != '').sum())} notebook(s), {late} late, and "
          f"{Path(args.out) / 'submissions.csv'}; then: framing grade {args.out} --bundle ZIP --out grades.csv",
          file=sys.stderr)
    return table[["student", "lms_id", "late", "resubmission", "note"]]


def _run_export(corpus, p, args):
    from framing.errors import FramingError
    from framing.grading.lms import to_canvas, to_moodle

    if bool(args.canvas) == bool(args.moodle):
        raise FramingError("framing export: give exactly one of --canvas GRADEBOOK.csv (Canvas's gradebook export) "
                           "or --moodle WORKSHEET.csv (Moodle's grading worksheet)")
    if args.moodle and args.column:
        raise FramingError("framing export: --column is for --canvas (Moodle's worksheet is one assignment's)")
    if args.canvas:
        table = to_canvas(args.final, args.canvas, args.out, column=args.column, submissions=args.submissions,
                          feedback=args.feedback, rescale=args.rescale)
        comments = table.attrs.get("comments")
        print(f"wrote {args.out}: import it in Canvas with Grades > Import"
              + (f"; feedback files in {comments}: upload with the assignment's Re-Upload Submissions"
                 if comments else ""), file=sys.stderr)
    else:
        if args.feedback:
            raise FramingError("framing export: --feedback is for --canvas (Moodle's worksheet carries the comments)")
        to_moodle(args.final, args.moodle, args.out, submissions=args.submissions, rescale=args.rescale)
        print(f"wrote {args.out}: upload it with the assignment's Upload grading worksheet", file=sys.stderr)
    return None


def _run_lite(corpus, p, args):
    from framing.lite import MARKER, build_lite

    if (args.fetch or args.missing_ok or args.pyodide_from) and not args.pyodide:
        raise FramingError("framing lite: --fetch, --missing-ok and --pyodide-from go with --pyodide DIR")
    extra = {"pyodide_from": args.pyodide_from} if args.pyodide_from else {}
    site = build_lite(args.out, wheels_dir=args.wheels, pyodide=args.pyodide, fetch=args.fetch,
                      missing_ok=args.missing_ok, **extra)
    made = json.loads((site / MARKER).read_text(encoding="utf-8"))
    offline = made.get("offline")
    where = ("Pyodide loads from its CDN" if offline is None else
             f"offline: {offline['pyodide_packages']} Pyodide packages in static/pyodide/")
    print(f"built {site}: {len(made['notebooks'])} notebooks, {len(made['wheels'])} wheels in pypi/, {where}; "
          f"serve it with: python -m http.server -d {site}", file=sys.stderr)
    if offline and offline["missing"]:
        print(f"warning: built without {', '.join(offline['missing'])} (--missing-ok): the notebooks stop at "
              "their first cell, saying so", file=sys.stderr)
    return None


def _opt(flag, **kwargs):
    return Option(flag, None, kwargs)


RELEASE_OPTIONS = (
    _opt("--masters", default="instructor/masters", metavar="PATH",
         help="a folder of master notebooks, or one (default instructor/masters)"),
    _opt("--students", default="notebooks", metavar="DIR", help="where student notebooks go (default notebooks)"),
    _opt("--bundles", default="instructor/dist", metavar="DIR",
         help="where autograder bundles go (default instructor/dist)"),
    _opt("--solutions", metavar="DIR", help="also write the solved notebooks here"),
    _opt("--no-run-tests", action="store_true", help="do not grade the solutions while releasing"),
)
GRADE_OPTIONS = (
    _opt("submissions", nargs="+", metavar="SUBMISSION", help=".ipynb files or folders of them"),
    _opt("--bundle", required=True, metavar="ZIP", help="the assignment's autograder bundle (from framing release)"),
    _opt("--out", required=True, metavar="grades.csv", help="the CSV to write"),
    _opt("--workers", type=int, metavar="N", help="submissions graded at once (default: one per core)"),
    _opt("--timeout", type=int, default=300, metavar="S", help="wall-clock seconds per submission (default 300)"),
    _opt("--cpu", type=int, default=120, metavar="S", help="CPU seconds per submission (default 120)"),
    _opt("--memory", type=int, default=2048, metavar="MB", help="memory per submission (default 2048)"),
    _opt("--cell-timeout", type=int, default=60, metavar="S", help="seconds per cell (default 60)"),
    _opt("--feedback", metavar="DIR", help="feedback folder (default: <out>-feedback beside the CSV)"),
    _opt("--processes", type=int, default=64, metavar="N", help="processes and threads per submission (default 64)"),
    _opt("--unsafe-no-sandbox", action="store_true",
         help="run notebooks without a sandbox, where none can start: they can then read and change "
              "your files, see and signal your processes, use the network and leave processes running"),
    _opt("--sheets", metavar="DIR", help="hand-grading sheets folder (default: <out>-sheets beside the CSV)"),
    _opt("--seed", type=int, metavar="N", help="seed of the sheets' order and codes (default: from the run)"),
    _opt("--names", action="store_true", help="show students' names on the sheets (default: codes only)"),
)
MERGE_OPTIONS = (
    _opt("grades", metavar="GRADES.csv", help="the CSV framing grade wrote"),
    _opt("sheets", nargs="*", metavar="SHEET",
         help="filled sheets (CSV files or folders; default: the run's sheets folder)"),
    _opt("--out", metavar="FINAL.csv", help="the gradebook to write (default: <grades>-final.csv)"),
    _opt("--submissions", metavar="CSV", help="submissions.csv from framing collect (late flags)"),
    _opt("--late", metavar="YAML", help="a late policy: penalty and extensions (needs --submissions)"),
    _opt("--partial", action="store_true", help="merge even where scores are missing"),
)
COLLECT_OPTIONS = (
    _opt("download", metavar="DOWNLOAD", help="the Canvas or Moodle bulk download: its zip, or the folder"),
    _opt("--out", required=True, metavar="DIR", help="a new or empty folder for one notebook per student"),
    _opt("--roster", metavar="CSV", help="the class list: Canvas gradebook export, Moodle worksheet or plain CSV"),
)
EXPORT_OPTIONS = (
    _opt("final", metavar="FINAL.csv", help="the gradebook framing merge wrote"),
    _opt("--canvas", metavar="GRADEBOOK.csv", help="Canvas's gradebook export, to write its import file"),
    _opt("--moodle", metavar="WORKSHEET.csv", help="Moodle's grading worksheet, to fill in"),
    _opt("--out", required=True, metavar="FILE", help="the file to upload"),
    _opt("--submissions", metavar="CSV", help="submissions.csv from framing collect (ids; Canvas comment files)"),
    _opt("--column", metavar="NAME", help="Canvas: the assignment's column, as in the export"),
    _opt("--feedback", metavar="DIR", help="Canvas: the feedback folder (default: beside FINAL.csv)"),
    _opt("--rescale", action="store_true",
         help="scale the totals to the assignment's points on the platform, where they differ"),
)
LITE_OPTIONS = (
    _opt("--out", default="dist/lite", metavar="DIR",
         help="where the site goes: a new or empty folder, or an earlier site (default dist/lite)"),
    _opt("--wheels", metavar="DIR",
         help="where the dependency wheels are kept; pip downloads the missing ones "
              "(default: a cache in ~/.cache/framing/lite-wheels)"),
    _opt("--pyodide", metavar="DIR",
         help="the offline build: Pyodide's core (npm package pyodide) and its wheels from DIR go into the "
              "site, and nothing is loaded from elsewhere; stops naming any wheel missing"),
    _opt("--fetch", action="store_true",
         help="with --pyodide: first bring the core (npm) and the missing wheels into DIR, each checked "
              "against Pyodide's lock (needs internet)"),
    _opt("--pyodide-from", metavar="URL",
         help="with --fetch: where Pyodide's wheels are (default: Pyodide's CDN for this version)"),
    _opt("--missing-ok", action="store_true",
         help="with --pyodide: build even with wheels missing (to see what students would see)"),
)

#: Every command, in the order ``--help`` lists them.
VERBS = (
    Verb("corpus", "one line per document: metadata and token count",
         (_opt("--all-columns", action="store_true", help="every metadata column, not just the usual ones"),),
         _run_corpus),
    Verb("kwic", "keyword in context: every hit of QUERY",
         query() + window(5) + FILTER + MODE
         + (Option("--sort", "sort", {"choices": ["before1", "before2", "after1", "after2"],
                                      "help": "sort by the first or second word before or after the match"}),)
         + FURNITURE + FOLD_TAA,
         _run_kwic, function="kwic"),
    Verb("frequencies", "how often each term occurs in each group, per 1,000 terms",
         by("outlet", help="outlet, event, doc or another metadata column") + top(10, "terms per group")
         + STOPWORDS + FURNITURE + FOLD_TAA,
         _run_frequencies, function="frequencies"),
    Verb("tfidf", "top TF-IDF terms per document, outlet or event",
         by("doc", help="doc, outlet, event or another metadata column") + top(10, "terms per group") + STOPWORDS
         + (Option("--sublinear-tf", "sublinear_tf", {"action": "store_true",
                                                      "help": "1 + log(count) instead of the count"}),)
         + FURNITURE + FOLD_TAA,
         _run_tfidf, _plot_tfidf, function="top_terms", plot_defaults={"by": "outlet"}),
    Verb("similarity", "cosine similarity of the TF-IDF profiles, group by group",
         by("doc", help="doc, outlet, event or another metadata column") + STOPWORDS + FURNITURE + FOLD_TAA,
         _run_similarity, _plot_similarity, function="similarity"),
    Verb("keyness", "terms distinctive of the target against the reference",
         TARGET + top(15, "keywords on each side", fills=False) + STOPWORDS + FURNITURE + FOLD_TAA,
         _run_keyness, _plot_keyness, function="keyness"),
    Verb("collocates", "terms that occur near QUERY",
         query() + window(5, "tokens each side") + top(20, fills=False) + FILTER + MODE + STOPWORDS + FURNITURE + FOLD_TAA,
         _run_collocates, function="collocates"),
    Verb("dispersion", "where in each text the hits of QUERY fall",
         query() + FILTER + MODE + FURNITURE + FOLD_TAA,
         _run_dispersion, _plot_dispersion, function="dispersion"),
    Verb("frames", "framing lexicon hits per 1,000 tokens, with intervals",
         LEXICON + by("outlet", help="outlet, event, doc or another metadata column") + HITS
         + (Option("--seed", "seed", {"type": int, "default": 0, "metavar": "N",
                                      "help": "bootstrap seed (default 0)"}),)
         + MODE + FURNITURE,
         _run_frames, _plot_frames, function="frame_counts"),
    Verb("choices", "which wording each outlet uses for the same thing",
         PAIR + by("outlet", help="outlet, event, doc or another metadata column") + HITS + MODE + FURNITURE,
         _run_choices, _plot_choices, function="choices"),
    Verb("ngrams", "recurring sequences of 2 to 5 terms (candidate lexicon phrases)",
         (Option("--words", "n", {"type": int, "default": 2, "metavar": "N",
                                  "help": "terms in a sequence, 2 to 5 (default 2)"}),)
         + by("outlet", help="outlet, event, doc or another metadata column")
         + (Option("--top", "top", {"type": int, "metavar": "N", "help": "sequences per group (default all)"}),
            Option("--min-count", "min_count", {"type": int, "default": 2, "metavar": "N",
                                                "help": "seen at least N times in the group (default 2)"}),
            Option("--around", "query", {"metavar": "WORD", "help": "only sequences holding this word"}))
         + MODE + STOPWORDS + FURNITURE + FOLD_TAA,
         _run_ngrams, function="ngrams"),
    Verb("read", "one whole document, paragraphs numbered, the hits of a query or a lexicon marked",
         (Option("doc_id", "doc_id", {"metavar": "DOC", "help": "the document's doc_id"}),
          Option("--query", "query", {"metavar": "QUERY", "help": "mark the hits of this query"}),
          Option("--lexicon", "lexicon", {"metavar": "PATH", "help": "mark the hits of every frame ('seeds')"}),
          Option("--html", None, {"metavar": "FILE.html", "help": "write the document as a page to read"}))
         + window(5) + MODE + FOLD_TAA,
         _run_read, function="read"),
    Verb("parallel", "two versions of a story paragraph by paragraph, with the words only one uses",
         (Option("doc_a", "doc_a", {"metavar": "DOC_A", "help": "the first document's doc_id"}),
          Option("doc_b", "doc_b", {"metavar": "DOC_B", "help": "the second document's doc_id"}),
          Option("--min-similarity", "min_similarity", {"type": float, "metavar": "X",
                                                        "help": "pair paragraphs only above this cosine "
                                                                "(default 0.2)"}))
         + FURNITURE,
         _run_parallel, function="parallel"),
    Verb("coding-sheet", "a reproducible sample of paragraphs to code by hand, a column per frame",
         LEXICON + (Option("--sample", "n", {"type": int, "default": 20, "metavar": "N",
                                             "help": "paragraphs in the sample (default 20)"}),
                    Option("--seed", "seed", {"type": int, "default": 0, "metavar": "N",
                                              "help": "seed of the sample (default 0)"}),
                    Option("--frame", "frames", {"action": "append", "metavar": "ID",
                                                 "help": "code only this frame (repeatable; default all)"}),
                    Option("--coder", "coder", {"default": "", "metavar": "NAME", "help": "the coder's name"}))
         + FURNITURE,
         _run_coding_sheet, function="coding_sheet"),
    Verb("agreement", "how far coders agree: share agreeing, Krippendorff's alpha, Cohen's kappa",
         (Option("codes", "codes", {"nargs": "+", "metavar": "CODES.csv", "help": "filled coding sheets"}),
          Option("--coder", "coders", {"action": "append", "metavar": "NAME",
                                        "help": "compare only this coder (repeatable; default all)"}),
          Option("--disagreements", None, {"action": "store_true",
                                           "help": "list the units coded differently instead"})),
         _run_agreement, function="agreement", reads_corpus=False),
    Verb("validate", "score a lexicon against hand codes: precision, recall, F1 per frame",
         (Option("codes", "codes", {"nargs": "+", "metavar": "CODES.csv", "help": "filled coding sheets"}),)
         + LEXICON
         + (Option("--coder", "coder", {"metavar": "NAME",
                                        "help": "whose codes are the reference ('agreed': what all coders share)"}),
            Option("--show", None, {"choices": ["scores", "false-hits", "misses", "coverage"], "default": "scores",
                                    "help": "which table to print (default scores)"}))
         + MODE + FURNITURE,
         _run_validate, function="validate_lexicon"),
    Verb("release", "build the student notebooks and autograder bundles from the masters",
         RELEASE_OPTIONS, _run_release, reads_corpus=False, instructor=True),
    Verb("collect", "one notebook per student from a Canvas or Moodle download", COLLECT_OPTIONS, _run_collect,
         reads_corpus=False, instructor=True),
    Verb("grade", "grade a class's submissions into one CSV", GRADE_OPTIONS, _run_grade, reads_corpus=False,
         instructor=True),
    Verb("merge", "merge the filled hand-grading sheets into the final gradebook", MERGE_OPTIONS, _run_merge,
         reads_corpus=False, instructor=True),
    Verb("export", "the final gradebook in the form Canvas or Moodle imports", EXPORT_OPTIONS, _run_export,
         reads_corpus=False, prints_table=False, instructor=True),
    Verb("lite", "build the JupyterLite site: the notebooks, with Python in the browser",
         LITE_OPTIONS, _run_lite, reads_corpus=False, prints_table=False, instructor=True),
)
_BY_NAME = {v.name: v for v in VERBS}


def synopsis(verb: Verb, plot: bool = False) -> str:
    """The one-line usage of a command, from its entry (the README lists these).

    >>> synopsis(_BY_NAME["choices"])
    'framing choices [--pair NAME] [--by COLUMN] [--hits] [--exact | --regex] [--furniture]'
    """
    parts, done = [], set()
    for o in _plot_options(verb) if plot else verb.options:
        if o.group:
            if o.group not in done:
                done.add(o.group)
                parts.append("[" + " | ".join(g.usage() for g in verb.options if g.group == o.group) + "]")
        elif not o.flag.startswith("-") or o.kwargs.get("required"):
            nargs = o.kwargs.get("nargs")
            parts.append(f"[{o.usage()}...]" if nargs == "*" else o.usage() + ("..." if nargs == "+" else ""))
        else:
            parts.append(f"[{o.usage()}]")
    if plot:  # after the positionals (QUERY)
        parts.insert(sum(not o.flag.startswith("-") for o in verb.options), "--out FILE.png")
    return " ".join([f"framing plot {verb.name}" if plot else f"framing {verb.name}"] + parts)


def command_list(width: int = 88) -> str:
    """The README's three lists of commands (analysis, plots, instructor's), wrapped at ``width``.

    A test checks the README against the table; after adding a verb, paste these in.
    """
    def wrap(line):
        lines, current = [], ""
        for part in re.findall(r"\[[^\]]*\]|\S+", line):
            if current and len(current) + 1 + len(part) > width:
                lines.append(current)
                current = "    " + part
            else:
                current = f"{current} {part}" if current else part
        return "\n".join(lines + [current])

    blocks = ([synopsis(v) for v in VERBS if not v.instructor], [synopsis(v, plot=True) for v in VERBS if v.plot],
              [synopsis(v) for v in VERBS if v.instructor])
    return "\n\n".join("\n".join(map(wrap, block)) for block in blocks)


def _plot_options(verb: Verb) -> tuple:
    return tuple(o for o in verb.options if o not in HITS)


# --------------------------------------------------------------------------
# The parser, built from the table
# --------------------------------------------------------------------------


class _UsageError(Exception):
    """argparse found a mistake; main prints it as one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, not the usage block
        raise _UsageError(f"{self.prog}: error: {message} (see {self.prog} --help)")


def _add_options(p, options, defaults: dict | None = None) -> None:
    groups: dict = {}
    for o in options:
        kwargs = dict(o.kwargs)
        if defaults and o.param in defaults:
            kwargs["default"] = defaults[o.param]
            kwargs["help"] = re.sub(r"\(default [^)]*\)", f"(default {defaults[o.param]})", kwargs.get("help", ""))
        target = p
        if o.group:
            if o.group not in groups:
                groups[o.group] = p.add_mutually_exclusive_group()
            target = groups[o.group]
        if o.flag.startswith("-"):
            target.add_argument(o.flag, dest=o.dest, **kwargs)
        else:
            target.add_argument(o.dest, **kwargs)


def _parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--corpus", metavar="PATH", default=argparse.SUPPRESS,
                        help="a CSV/TSV/JSONL file or a folder of .txt files with a metadata table "
                             "(default: the bundled seed corpus)")
    formats = _Parser(add_help=False)
    formats.add_argument("--format", choices=FORMATS, default="table",
                         help="output format (default: table); csv is UTF-8 and starts with a byte-order mark, "
                              "from which spreadsheets (Excel) tell that it is UTF-8 and show Arabic rightly")
    formats.add_argument("--no-bom", action="store_true",
                         help="with --format csv: no byte-order mark, for pipelines that do not want one")

    parser = _Parser(prog="framing", description="Compare how news outlets frame the same events, on Arabic news.")
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    parser.add_argument("--corpus", metavar="PATH", default=None, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for verb in VERBS:
        parents = ([common] if verb.reads_corpus else []) + ([formats] if verb.prints_table else [])
        _add_options(sub.add_parser(verb.name, parents=parents, help=verb.help), verb.options)
    plot = sub.add_parser("plot", help="save a plot as PNG: framing plot NAME --out FILE.png [NAME's options]")
    plots = plot.add_subparsers(dest="what", metavar="NAME", required=True)
    for verb in VERBS:
        if verb.plot is not None:
            p = plots.add_parser(verb.name, parents=[common], help=f"plot of: {verb.help}")
            p.add_argument("--out", required=True, metavar="FILE.png", help="where to save it")
            _add_options(p, _plot_options(verb), verb.plot_defaults)
    return parser


def _params(verb: Verb, args) -> dict:
    """The values of the options that fill a function parameter (unset ones left out)."""
    out = {}
    for o in verb.options:
        if o.param and getattr(args, o.param, None) is not None:
            out[o.param] = getattr(args, o.param)
    return out


def _load(args):
    from framing.corpus import load_corpus

    return load_corpus(getattr(args, "corpus", None))


def _save_plot(verb: Verb, args) -> None:
    import matplotlib

    matplotlib.use("Agg")
    fig = verb.plot(_load(args), _params(verb, args), args)
    try:
        fig.savefig(args.out, dpi=120, bbox_inches="tight")
    except (OSError, ValueError) as err:
        raise FramingError(f"cannot save the plot to {args.out}: {err}") from None
    print(f"saved {args.out}", file=sys.stderr)


def _pd():
    import pandas as pd

    return pd


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(ch) or unicodedata.category(ch) == "Cf" else 1 for ch in text)


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        value = "; ".join(map(str, value))
    return " ".join(str(value).split())


def format_table(frame) -> str:
    """Plain-text table, columns padded by the width a terminal shows (harakat take none)."""
    cols = list(frame.columns)
    rows = [[_cell(v) for v in rec] for rec in frame.itertuples(index=False)]
    widths = [max([_width(c)] + [_width(r[i]) for r in rows]) for i, c in enumerate(cols)]
    pad = lambda s, w: s + " " * (w - _width(s))  # noqa: E731
    lines = ["  ".join(pad(c, w) for c, w in zip(cols, widths)).rstrip()]
    lines += ["  ".join(pad(v, w) for v, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(lines)


def _flat(value):
    """A CSV cell: lists joined with '; ', line breaks folded."""
    if isinstance(value, (list, tuple)):
        value = "; ".join(map(str, value))
    return " ".join(str(value).split()) if isinstance(value, str) else value


def _records(frame):
    return json.loads(frame.to_json(orient="records", force_ascii=False))


#: The UTF-8 byte-order mark (bytes EF BB BF) that starts a CSV unless ``--no-bom``.
BOM = "\ufeff"


def _emit(frame, fmt: str, out, *, bom: bool = True) -> None:
    """Print ``frame`` on ``out`` as a table, CSV or JSON (``fmt``).

    CSV is UTF-8, and starts with a byte-order mark unless ``bom=False``
    (``--no-bom``): Excel and other spreadsheets guess a CSV's encoding from
    it, and without it show Arabic as mojibake. pandas.read_csv reads the
    file either way; Python's csv module does with ``open(path,
    encoding="utf-8-sig")``. When ``out`` has a byte stream (``sys.stdout``
    has), the CSV is written to it as UTF-8 whatever the terminal's
    encoding, so that the mark never says UTF-8 of something else.
    """
    frame = frame.reset_index(drop=True)
    if fmt == "json":
        json.dump(_records(frame), out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif fmt == "csv":
        from pandas.api.types import is_numeric_dtype

        flat = frame.apply(lambda col: col if is_numeric_dtype(col) else col.map(_flat))
        text = (BOM if bom else "") + flat.to_csv(index=False, lineterminator="\n")
        raw = getattr(out, "buffer", None)
        if raw is None:  # a text stream only (io.StringIO)
            out.write(text)
        else:
            out.flush()
            raw.write(text.encode("utf-8"))
            raw.flush()
    else:
        out.write((format_table(frame) if len(frame) else "(no rows)") + "\n")


#: Parameters whose flag is not ``--`` + their name, for messages from outside a verb's table entry.
FLAGS = {"n": "--top", "top": "--top"}
_PARAMETER = re.compile(r"The '(\w+)' parameter of \w+\(\)")


def as_flags(message: str, flags: dict | None = None) -> str:
    """A function's message in the command line's words: its parameters become flags.

    >>> as_flags("The 'n' parameter of top_terms() must be a whole number >= 1. Got 0 instead.")
    'The --top option must be a whole number >= 1. Got 0 instead.'
    """
    known = {**FLAGS, **(flags or {})}
    if not _PARAMETER.search(message):
        return message
    # an option left out is the default: "or None" has no meaning on the command line
    message = message.replace(" or None.", ".").replace(" or None ", " ")
    return _PARAMETER.sub(lambda m: f"The {known.get(m[1], '--' + m[1].replace('_', '-'))} option", message)


def main(argv=None) -> int:
    """Run the command line; returns the exit status."""
    try:
        args = _parser().parse_args(argv)
    except _UsageError as err:
        print(err, file=sys.stderr)
        return 2
    except SystemExit as done:  # --help, --version
        return done.code or 0
    verb = _BY_NAME[args.what if args.command == "plot" else args.command]
    name = f"plot {verb.name}" if args.command == "plot" else verb.name
    with warnings.catch_warnings():
        # a warning (a query's punctuation left out, a file not read) is one line too
        warnings.showwarning = lambda message, *_: print(f"framing {name}: warning: {message}", file=sys.stderr)
        return _run(verb, name, args)


def _run(verb: Verb, name: str, args) -> int:
    try:
        for option in verb.options:
            if option.flag == "--top":  # --top -1 is not "all but one": keyness printed every row twice
                check_param(verb.name, option.dest, getattr(args, option.dest),
                            [Whole(1)] + ([None] if option.kwargs.get("default") is None else []))
        if args.command == "plot":
            _save_plot(verb, args)
            return 0
        result = verb.run(_load(args) if verb.reads_corpus else None, _params(verb, args), args)
        if result is not None:
            _emit(result, getattr(args, "format", "table"), sys.stdout, bom=not getattr(args, "no_bom", False))
        if verb.name == "kwic" and args.format == "table":
            print(f"{len(result)} hit(s) of {args.query!r}", file=sys.stderr)
    except FramingError as err:
        print(f"framing {name}: error: {as_flags(str(err), verb.flags())}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `framing kwic ... | head`
        sys.stderr.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
