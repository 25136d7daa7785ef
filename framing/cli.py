"""The ``framing`` command line: the kit's verbs on the bundled corpus or yours.

    framing corpus [--format table|csv|json]
    framing kwic QUERY [--window N] [--outlet X] [--event E] [--exact | --regex]
                       [--sort L1|L2|R1|R2] [--furniture] [--format table|csv|json]
    framing tfidf [--by doc|outlet|event] [--top N] [--format table|csv|json]
    framing keyness --target KEY=VALUE [--reference KEY=VALUE] [--top N]
    framing collocates QUERY [--window N] [--top N]
    framing frames [--lexicon PATH] [--by outlet|doc|event] [--hits]
    framing choices [--pair NAME] [--by outlet|doc|event] [--hits]
    framing plot frames|choices|tfidf|similarity|keyness|dispersion --out FILE.png [options]
    framing release [--masters PATH] [--students DIR] [--bundles DIR] [--solutions DIR]
    framing grade SUBMISSION... --bundle ZIP --out grades.csv [--workers N] [--timeout S] [--cpu S] [--memory MB] [--unsafe-no-sandbox]
    framing lite [--out DIR] [--wheels DIR]

``--corpus PATH`` (before or after the sub-command) loads an instructor's
corpus instead of the bundled one. A user mistake prints one line on stderr
and exits with status 2; no traceback.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata

from framing import __version__
from framing.errors import FramingError
from framing.params import Whole, check_param

FORMATS = ("table", "csv", "json")
CORPUS_COLUMNS = ["doc_id", "source_file", "outlet", "event", "date", "machine_translated", "tokens"]


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--corpus", metavar="PATH", default=argparse.SUPPRESS,
                        help="a CSV/TSV/JSONL file or a folder of .txt files with a metadata table "
                             "(default: the bundled seed corpus)")
    common.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")

    parser = argparse.ArgumentParser(
        prog="framing",
        description="Compare how news outlets frame the same events, on Arabic news.",
    )
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    parser.add_argument("--corpus", metavar="PATH", default=None, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("corpus", parents=[common], help="one line per document: metadata and token count")
    p.add_argument("--all-columns", action="store_true", help="every metadata column, not just the usual ones")

    p = sub.add_parser("kwic", parents=[common], help="keyword in context: every hit of QUERY")
    p.add_argument("query", metavar="QUERY", help="a word or phrase; * is a wildcard (هجوم*)")
    p.add_argument("--window", type=int, default=5, metavar="N", help="tokens of context each side (default 5)")
    p.add_argument("--outlet", action="append", metavar="X", help="only this outlet (repeatable)")
    p.add_argument("--event", action="append", metavar="E", help="only this event (repeatable)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--exact", dest="mode", action="store_const", const="exact",
                      help="match the word itself only, no clitics (و ف ب ك ل ال)")
    mode.add_argument("--regex", dest="mode", action="store_const", const="regex",
                      help="each query word is a regular expression on normalised tokens")
    p.add_argument("--sort", choices=["L1", "L2", "R1", "R2"], help="sort by a word left/right of the match")
    p.add_argument("--furniture", action="store_true", help="also search page furniture and captions")

    p = sub.add_parser("tfidf", parents=[common], help="top TF-IDF terms per document, outlet or event")
    p.add_argument("--by", default="doc", help="doc, outlet, event or another metadata column (default doc)")
    p.add_argument("--top", type=int, default=10, metavar="N", help="terms per group (default 10)")
    p.add_argument("--stopwords", action="store_true", help="keep stopwords and numbers")
    p.add_argument("--sublinear-tf", action="store_true", help="1 + log(count) instead of the count")

    p = sub.add_parser("keyness", parents=[common], help="terms distinctive of the target against the reference")
    p.add_argument("--target", required=True, metavar="KEY=VALUE", help="e.g. outlet=Reuters or event=troops_dialogue")
    p.add_argument("--reference", metavar="KEY=VALUE", help="default: all the other documents")
    p.add_argument("--top", type=int, default=15, metavar="N", help="keywords on each side (default 15)")
    p.add_argument("--stopwords", action="store_true", help="keep stopwords and numbers")

    p = sub.add_parser("collocates", parents=[common], help="terms that occur near QUERY")
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--window", type=int, default=5, metavar="N", help="tokens each side (default 5)")
    p.add_argument("--top", type=int, default=20, metavar="N", help="rows to show (default 20)")
    p.add_argument("--exact", dest="mode", action="store_const", const="exact", help="no clitics")

    p = sub.add_parser("frames", parents=[common], help="framing lexicon hits per 1,000 tokens, with intervals")
    p.add_argument("--lexicon", default="seeds", metavar="PATH", help="a lexicon YAML file (default: the bundled seeds lexicon)")
    p.add_argument("--by", default="outlet", choices=["outlet", "doc", "event"], help="grouping (default outlet)")
    p.add_argument("--hits", action="store_true", help="list the KWIC lines behind the counts instead")
    p.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")

    p = sub.add_parser("choices", parents=[common], help="which wording each outlet uses for the same thing")
    p.add_argument("--pair", metavar="NAME", help="one set of wordings, e.g. war_2003 (default: all)")
    p.add_argument("--by", default="outlet", choices=["outlet", "doc", "event"], help="grouping (default outlet)")
    p.add_argument("--hits", action="store_true", help="list the KWIC lines behind the counts instead")

    p = sub.add_parser("release", help="build the student notebooks and autograder bundles from the masters")
    p.add_argument("--masters", default="instructor/masters", metavar="PATH",
                   help="a folder of master notebooks, or one (default instructor/masters)")
    p.add_argument("--students", default="notebooks", metavar="DIR", help="where student notebooks go (default notebooks)")
    p.add_argument("--bundles", default="instructor/dist", metavar="DIR",
                   help="where autograder bundles go (default instructor/dist)")
    p.add_argument("--solutions", metavar="DIR", help="also write the solved notebooks here")
    p.add_argument("--no-run-tests", action="store_true", help="do not grade the solutions while releasing")

    p = sub.add_parser("grade", help="grade a class's submissions into one CSV")
    p.add_argument("submissions", nargs="+", metavar="SUBMISSION", help=".ipynb files or folders of them")
    p.add_argument("--bundle", required=True, metavar="ZIP", help="the assignment's autograder bundle (from framing release)")
    p.add_argument("--out", required=True, metavar="grades.csv", help="the CSV to write")
    p.add_argument("--workers", type=int, help="submissions graded at once (default: one per core)")
    p.add_argument("--timeout", type=int, default=300, metavar="S", help="wall-clock seconds per submission (default 300)")
    p.add_argument("--cpu", type=int, default=120, metavar="S", help="CPU seconds per submission (default 120)")
    p.add_argument("--memory", type=int, default=2048, metavar="MB", help="memory per submission (default 2048)")
    p.add_argument("--cell-timeout", type=int, default=60, metavar="S", help="seconds per cell (default 60)")
    p.add_argument("--feedback", metavar="DIR", help="feedback folder (default: <out>-feedback beside the CSV)")
    p.add_argument("--processes", type=int, default=64, metavar="N",
                   help="processes and threads per submission (default 64)")
    p.add_argument("--unsafe-no-sandbox", action="store_true",
                   help="run notebooks without a sandbox, where none can start: they can then read and change "
                        "your files, see and signal your processes, use the network and leave processes running")

    p = sub.add_parser("lite", help="build the JupyterLite site: the notebooks, with Python in the browser")
    p.add_argument("--out", default="dist/lite", metavar="DIR",
                   help="where the site goes: a new or empty folder, or an earlier site (default dist/lite)")
    p.add_argument("--wheels", metavar="DIR",
                   help="where the dependency wheels are kept; pip downloads the missing ones "
                        "(default: a cache in ~/.cache/framing/lite-wheels)")

    p = sub.add_parser("plot", parents=[common], help="save a plot as PNG")
    p.add_argument("what", choices=sorted(PLOTS), help="which plot")
    p.add_argument("--out", required=True, metavar="FILE.png", help="where to save it")
    p.add_argument("--by", help="grouping: for tfidf, frames and choices (default outlet), for similarity "
                                "(default doc); an invalid one is an error, never replaced")
    p.add_argument("--target", metavar="KEY=VALUE", help="for keyness")
    p.add_argument("--reference", metavar="KEY=VALUE", help="for keyness")
    p.add_argument("--query", help="for dispersion")
    p.add_argument("--lexicon", default="seeds", metavar="PATH", help="for frames")
    p.add_argument("--pair", metavar="NAME", help="for choices")
    p.add_argument("--top", type=int, default=10, metavar="N", help="terms per group or side (default 10)")
    return parser


def _load(args):
    from framing.corpus import load_corpus

    path = getattr(args, "corpus", None)
    return load_corpus(path)


def _cmd_corpus(args):
    from framing.summary import summary

    table = summary(_load(args))
    if not args.all_columns:
        table = table[[c for c in CORPUS_COLUMNS if c in table.columns]]
    return table


def _cmd_kwic(args):
    from framing.kwic import kwic

    return kwic(
        _load(args), args.query, window=args.window, mode=args.mode or "clitic",
        outlet=args.outlet, event=args.event, sort=args.sort, furniture=args.furniture,
    )


def _cmd_tfidf(args):
    from framing.tfidf import top_terms

    return top_terms(_load(args), args.top, by=args.by, stopwords=args.stopwords, sublinear_tf=args.sublinear_tf)


def _cmd_keyness(args):
    from framing.keyness import keyness

    table = keyness(_load(args), args.target, args.reference, stopwords=args.stopwords)
    n = args.top
    return table if len(table) <= 2 * n else _pd().concat([table.head(n), table.tail(n)])


def _cmd_collocates(args):
    from framing.collocates import collocates

    return collocates(_load(args), args.query, args.window, mode=args.mode or "clitic").head(args.top)


def _cmd_frames(args):
    from framing.frames import frame_counts, frame_hits

    if args.hits:
        return frame_hits(_load(args), args.lexicon)
    return frame_counts(_load(args), args.lexicon, by=args.by, seed=args.seed)


def _cmd_choices(args):
    from framing.choices import choice_hits, choices

    if args.hits:
        return choice_hits(_load(args), args.pair)
    return choices(_load(args), args.pair, by=args.by)


def _plot_frames(corpus, args):
    from framing.frames import frame_counts
    from framing.plots import plot_frames

    return plot_frames(frame_counts(corpus, args.lexicon, by=args.by or "outlet"))


def _plot_choices(corpus, args):
    from framing.choices import choices
    from framing.plots import plot_choices

    return plot_choices(choices(corpus, args.pair, by=args.by or "outlet"))


def _plot_tfidf(corpus, args):
    from framing.plots import plot_top_terms
    from framing.tfidf import tfidf

    return plot_top_terms(tfidf(corpus, by=args.by or "outlet"), args.top)


def _plot_similarity(corpus, args):
    from framing.plots import plot_similarity
    from framing.tfidf import similarity

    return plot_similarity(similarity(corpus, by=args.by or "doc"))


def _plot_keyness(corpus, args):
    from framing.errors import FramingError
    from framing.keyness import keyness
    from framing.plots import plot_keyness

    if not args.target:
        raise FramingError("framing plot keyness needs --target KEY=VALUE (and optionally --reference KEY=VALUE).")
    return plot_keyness(keyness(corpus, args.target, args.reference), args.top)


def _plot_dispersion(corpus, args):
    from framing.dispersion import dispersion
    from framing.errors import FramingError
    from framing.plots import plot_dispersion

    if not args.query:
        raise FramingError("framing plot dispersion needs --query WORD.")
    return plot_dispersion(dispersion(corpus, args.query))


PLOTS = {
    "tfidf": _plot_tfidf, "similarity": _plot_similarity, "keyness": _plot_keyness,
    "dispersion": _plot_dispersion, "frames": _plot_frames, "choices": _plot_choices,
}


def _cmd_plot(args):
    import matplotlib

    matplotlib.use("Agg")
    from framing.errors import FramingError

    fig = PLOTS[args.what](_load(args), args)
    try:
        fig.savefig(args.out, dpi=120, bbox_inches="tight")
    except (OSError, ValueError) as err:
        raise FramingError(f"cannot save the plot to {args.out}: {err}") from None
    print(f"saved {args.out}", file=sys.stderr)
    return None


def _cmd_release(args):
    from framing.grading import release

    made = release(args.masters, args.students, args.bundles, solutions=args.solutions,
                   run_tests=not args.no_run_tests)
    return _pd().DataFrame(made)


def _cmd_grade(args):
    from framing.grading import Limits, grade

    limits = Limits(wall=args.timeout, cpu=args.cpu, memory_mb=args.memory, cell=args.cell_timeout,
                    processes=args.processes)
    if args.unsafe_no_sandbox:
        print("warning: --unsafe-no-sandbox: the notebooks run as your own processes, with your files in reach",
              file=sys.stderr)
    table = grade(args.submissions, args.bundle, args.out, workers=args.workers, limits=limits,
                  feedback_dir=args.feedback, sandbox=not args.unsafe_no_sandbox)
    print(f"wrote {args.out}: {len(table)} submission(s); status: "
          + ", ".join(f"{k} {v}" for k, v in table.status.value_counts().items()), file=sys.stderr)
    return table[["student", "total", "possible", "status"]]


def _cmd_lite(args):
    from framing.lite import MARKER, build_lite

    site = build_lite(args.out, wheels_dir=args.wheels)
    made = json.loads((site / MARKER).read_text(encoding="utf-8"))
    print(f"built {site}: {len(made['notebooks'])} notebooks, {len(made['wheels'])} wheels in pypi/; "
          f"serve it with: python -m http.server -d {site}", file=sys.stderr)
    return None


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


def _emit(frame, fmt: str, out) -> None:
    frame = frame.reset_index(drop=True)
    if fmt == "json":
        json.dump(_records(frame), out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif fmt == "csv":
        from pandas.api.types import is_numeric_dtype

        flat = frame.apply(lambda col: col if is_numeric_dtype(col) else col.map(_flat))
        flat.to_csv(out, index=False, lineterminator="\n")
    else:
        out.write((format_table(frame) if len(frame) else "(no rows)") + "\n")


COMMANDS = {
    "corpus": _cmd_corpus, "kwic": _cmd_kwic, "tfidf": _cmd_tfidf, "keyness": _cmd_keyness,
    "collocates": _cmd_collocates, "frames": _cmd_frames, "choices": _cmd_choices, "plot": _cmd_plot,
    "release": _cmd_release, "grade": _cmd_grade, "lite": _cmd_lite,
}


#: Parameters whose command-line flag is not ``--`` + their name.
FLAGS = {"n": "--top"}
_PARAMETER = re.compile(r"The '(\w+)' parameter of \w+\(\)")


def as_flags(message: str) -> str:
    """A function's message in the command line's words: its parameters become flags.

    >>> as_flags("The 'n' parameter of top_terms() must be a whole number >= 1. Got 0 instead.")
    'The --top option must be a whole number >= 1. Got 0 instead.'
    """
    return _PARAMETER.sub(lambda m: f"The {FLAGS.get(m[1], '--' + m[1].replace('_', '-'))} option", message)


def main(argv=None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        if getattr(args, "top", None) is not None:
            # --top -1 is not "all but one": keyness --top -1 printed every row twice
            check_param(args.command, "n", args.top, [Whole(1)])
        result = COMMANDS[args.command](args)
        if result is not None:
            _emit(result, getattr(args, "format", "table"), sys.stdout)
        if args.command == "kwic" and args.format == "table":
            print(f"{len(result)} hit(s) of {args.query!r}", file=sys.stderr)
    except FramingError as err:
        print(f"framing {args.command}: error: {as_flags(str(err))}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `framing kwic ... | head`
        sys.stderr.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
