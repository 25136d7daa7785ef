"""Plots with Arabic labels that render joined and right to left.

matplotlib 3.11 and later lay text out with libraqm, which joins Arabic
letters and orders a right-to-left run by itself: labels are passed as they
are. Older matplotlib (Pyodide, in JupyterLite, ships 3.10) has no libraqm;
there labels are reshaped (arabic-reshaper) and reordered (python-bidi)
first. :func:`arabic` makes that choice, by checking
``matplotlib.ft2font.__libraqm_version__``; every plot here runs its labels
through it. Doing both would reverse the text again, so never reshape by
hand on 3.11.

The font is DejaVu Sans (shipped with matplotlib, it has Arabic glyphs),
upright: Arabic has no italic.

Every function returns the matplotlib Figure; save it with
``fig.savefig("plot.png")``.
"""

from __future__ import annotations

from functools import lru_cache

from framing.errors import FramingError
from framing.params import Boolean, Frame, Options, Selection, Whole, validate_params
from framing.tfidf import top_terms

__all__ = [
    "arabic", "has_libraqm", "plot_top_terms", "plot_similarity", "plot_keyness", "plot_dispersion",
    "plot_frames", "plot_choices",
]

FONT = "DejaVu Sans"


@lru_cache(maxsize=1)
def has_libraqm() -> bool:
    """Does this matplotlib lay out complex scripts (Arabic) itself?"""
    try:
        from matplotlib import ft2font
    except ImportError:  # pragma: no cover - matplotlib is a dependency
        return False
    return bool(getattr(ft2font, "__libraqm_version__", None))


def arabic(text) -> str:
    """A label ready for matplotlib: unchanged with libraqm, else reshaped and reordered.

    >>> arabic("الغزو") == ("الغزو" if has_libraqm() else arabic("الغزو"))
    True
    """
    text = "" if text is None else str(text)
    if has_libraqm():
        return text
    return _reshape(text)


def _reshape(text: str) -> str:
    try:
        import arabic_reshaper
        from bidi.algorithm import get_display
    except ImportError:
        raise FramingError(
            "This matplotlib has no libraqm, so Arabic labels need arabic-reshaper and python-bidi: "
            "pip install arabic-reshaper python-bidi (in JupyterLite: %pip install arabic-reshaper python-bidi==0.4.2)."
        ) from None
    return get_display(arabic_reshaper.reshape(text))


def _setup():
    import seaborn as sns

    return sns


def _styled(plot):
    """Draw inside a style context: the kit's look, without changing the student's global style."""
    import functools

    @functools.wraps(plot)
    def draw(*args, **kwargs):
        import matplotlib
        import matplotlib.pyplot as plt
        import seaborn as sns

        with plt.rc_context({"font.family": FONT, "font.style": "normal"}), sns.axes_style("whitegrid"):
            fig = plot(*args, **kwargs)
            # The first figure of a session loads the backend; in Jupyter the inline backend then
            # turns interactive mode on. Leaving rc_context would turn it off again, and no later
            # figure would show by itself: keep what the backend chose.
            interactive = matplotlib.is_interactive()
        matplotlib.interactive(interactive)
        return fig

    return draw


def _panels(n: int, col_wrap: int, row_height: float, **kwargs):
    """A figure with ``n`` panels, ``col_wrap`` to a row; returns it and the ``n`` axes used."""
    import matplotlib.pyplot as plt

    ncols = min(col_wrap, n)
    nrows = -(-n // ncols)
    fig, grid = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, row_height * nrows), squeeze=False, **kwargs)
    axes = list(grid.flat)
    for ax in axes[n:]:
        fig.delaxes(ax)
    return fig, axes[:n]


def _require(table, columns, verb):
    missing = [c for c in columns if c not in getattr(table, "columns", ())]
    if missing:
        have = ", ".join(map(str, getattr(table, "columns", ()))) or "none"
        raise FramingError(f"{verb}() needs a table with the column(s) {', '.join(missing)}; this one has: {have}.")


@_styled
@validate_params({
    "table": [Frame("a table from framing.tfidf() or framing.top_terms()")], "n": [Whole(1)],
    "score": [Options(("score", "tf_idf"))], "col_wrap": [Whole(1)],
})
def plot_top_terms(table, n: int = 10, *, score: str = "score", col_wrap: int = 3):
    """Bars of the top TF-IDF terms, one panel per group.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`framing.tfidf` or :func:`framing.top_terms`.
    n : int, default 10
    score : {"score", "tf_idf"}

    Examples
    --------
    >>> import framing
    >>> from framing.plots import plot_top_terms
    >>> fig = plot_top_terms(framing.tfidf(framing.load_corpus(), by="outlet"), 5)
    >>> len(fig.axes)
    5
    """

    _require(table, ["term", score], "plot_top_terms")
    sns = _setup()
    top = top_terms(table, n, score=score)
    group = top.columns[0]
    groups = list(top[group].unique())
    fig, axes = _panels(len(groups), col_wrap, row_height=0.35 * n + 1.2)
    for ax, g in zip(axes, groups):
        part = top[top[group] == g]
        sns.barplot(x=part[score].to_numpy(), y=[arabic(t) for t in part["term"]], ax=ax, color="#4c72b0", orient="h")
        ax.set_title(arabic(g), fontsize=11)
        ax.set_xlabel(score)
        ax.set_ylabel("")
    fig.suptitle(f"Top {n} terms by TF-IDF ({score}), per {group}")
    fig.tight_layout()
    return fig


@_styled
@validate_params({"sim": [Frame("the square table from framing.similarity()")], "annot": [Boolean()]})
def plot_similarity(sim, *, annot: bool = True):
    """Heatmap of a similarity table from :func:`framing.similarity`.

    >>> import framing
    >>> from framing.plots import plot_similarity
    >>> fig = plot_similarity(framing.similarity(framing.load_corpus()))
    >>> fig.axes[0].get_title()
    'Cosine similarity of TF-IDF vectors'
    """
    import matplotlib.pyplot as plt

    sns = _setup()
    if getattr(sim, "shape", (0, 1))[0] != getattr(sim, "shape", (1, 0))[1]:
        raise FramingError("plot_similarity() needs the square table that framing.similarity() returns.")
    fig, ax = plt.subplots(figsize=(1.3 * len(sim) + 2.5, 1.1 * len(sim) + 1.5))
    labels = [arabic(x) for x in sim.index]
    sns.heatmap(sim.to_numpy(), annot=annot, fmt=".2f", vmin=0, vmax=1, cmap="mako_r",
                xticklabels=labels, yticklabels=labels, square=True, ax=ax, cbar_kws={"shrink": 0.7})
    ax.set_title("Cosine similarity of TF-IDF vectors")
    ax.tick_params(axis="x", rotation=30)
    fig.tight_layout()
    return fig


@_styled
@validate_params({
    "table": [Frame("a table from framing.keyness()")], "n": [Whole(1)],
    "score": [Options(("g2", "log_ratio", "log_odds_z"))],
})
def plot_keyness(table, n: int = 10, *, score: str = "g2"):
    """Diverging bars: the ``n`` strongest keywords of the target and of the reference.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`framing.keyness`.
    n : int, default 10
        Terms on each side.
    score : {"g2", "log_ratio", "log_odds_z"}, default "g2"

    Examples
    --------
    >>> import framing
    >>> from framing.plots import plot_keyness
    >>> k = framing.keyness(framing.load_corpus(), "event=troops_dialogue")
    >>> fig = plot_keyness(k, 5)
    >>> len(fig.axes[0].patches)
    10
    """
    import matplotlib.pyplot as plt

    _require(table, ["term", score, "key"], "plot_keyness")
    _setup()
    top = table[table["key"] == "target"].nlargest(n, score)
    bottom = table[table["key"] == "reference"].nsmallest(n, score)
    part = _concat([top, bottom.iloc[::-1]])
    fig, ax = plt.subplots(figsize=(7, 0.32 * len(part) + 1.6))
    colours = ["#c44e52" if k == "target" else "#4c72b0" for k in part["key"]]
    ax.barh(range(len(part)), part[score].to_numpy(), color=colours)
    ax.set_yticks(range(len(part)), [arabic(t) for t in part["term"]])
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.8)
    target = _names(table.attrs.get("target_docs"), "the target")
    reference = _names(table.attrs.get("reference_docs"), "the reference")
    ax.set_xlabel(f"{score}\nright: key for {target}; left: key for {reference}")
    ties = []
    for side, shown, ascending in (("target", top, False), ("reference", bottom, True)):
        rest = table[(table["key"] == side) & ~table.index.isin(shown.index)]
        if len(shown) and len(rest):
            edge = shown[score].iloc[-1]
            more = int((rest[score] == edge).sum())
            if more:
                ties.append(f"{more} more {side} terms tie at {score} = {edge:.3g}, not shown")
    ax.set_title("Keywords" + ("\n(" + "; ".join(ties) + ")" if ties else ""), fontsize=11)
    fig.tight_layout()
    return fig


def _names(docs, default: str) -> str:
    if not docs:
        return default
    return ", ".join(docs[:3]) + (f" +{len(docs) - 3} more" if len(docs) > 3 else "")


def _concat(parts):
    import pandas as pd

    return pd.concat(parts, ignore_index=True)


@_styled
@validate_params({"table": [Frame("a table from framing.dispersion()")]})
def plot_dispersion(table):
    """Where the hits fall in each document (0 = start, 1 = end), one row per document.

    >>> import framing
    >>> from framing.plots import plot_dispersion
    >>> fig = plot_dispersion(framing.dispersion(framing.load_corpus(), "غزو"))
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()][:2]
    ['afp_fr_2023', 'afp_ar_2023']
    """
    import matplotlib.pyplot as plt

    _require(table, ["doc_id", "outlet", "position"], "plot_dispersion")
    _setup()
    docs = list(dict.fromkeys(table["doc_id"]))
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(docs) + 1.4))
    outlets = list(dict.fromkeys(table["outlet"]))
    palette = dict(zip(outlets, __import__("seaborn").color_palette("deep", len(outlets))))
    for i, doc in enumerate(docs):
        part = table[(table["doc_id"] == doc) & table["position"].notna()]
        outlet = table.loc[table["doc_id"] == doc, "outlet"].iloc[0]
        ax.hlines(i, 0, 1, color="#dddddd", linewidth=1)
        ax.scatter(part["position"], [i] * len(part), marker="|", s=300, color=palette[outlet],
                   label=outlet if len(part) else None)
    ax.set_yticks(range(len(docs)), [arabic(d) for d in docs])
    ax.invert_yaxis()
    ax.set_xlim(-0.02, 1.02)
    ax.set_xlabel("position in the document (0 = first token, 1 = last)")
    query = table.attrs.get("query")
    ax.set_title("Dispersion" + (f" of {arabic(query)}" if query else ""))
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles))
    ax.legend(unique.values(), unique.keys(), loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    fig.tight_layout()
    return fig


@_styled
@validate_params({"table": [Frame("a table from framing.frame_counts()")], "frames": [None, Selection()]})
def plot_frames(table, *, frames=None):
    """Frame rates per 1,000 tokens with their bootstrap intervals, one panel per frame.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`framing.frame_counts`.
    frames : list of str, optional
        Only these frame ids (default: every frame with at least one hit).

    Examples
    --------
    >>> import framing
    >>> from framing.plots import plot_frames
    >>> counts = framing.frame_counts(framing.load_corpus(), n_boot=200)
    >>> fig = plot_frames(counts, frames=["war_invasion", "withdrawal"])
    >>> [ax.get_title() for ax in fig.axes]
    ['war_invasion', 'withdrawal']
    """

    _require(table, ["frame", "rate", "ci_low", "ci_high"], "plot_frames")
    _setup()
    group = table.columns[0]
    if frames is None:
        totals = table.groupby("frame", sort=False)["hits"].sum()
        frames = [f for f, n in totals.items() if n > 0]
    frames = list(frames)
    unknown = sorted(set(frames) - set(table["frame"]))
    if unknown:
        raise FramingError(f"plot_frames(): no frame {unknown[0]!r} in this table; its frames are: "
                           f"{', '.join(dict.fromkeys(table['frame']))}.")
    groups = list(dict.fromkeys(table[group]))
    fig, axes = _panels(len(frames), 3, row_height=0.32 * len(groups) + 1.2, sharex=True)
    for ax, frame in zip(axes, frames):
        part = table[table["frame"] == frame].set_index(group).reindex(groups)
        y = range(len(groups))
        ax.errorbar(part["rate"], y, xerr=[part["rate"] - part["ci_low"], part["ci_high"] - part["rate"]],
                    fmt="o", color="#4c72b0", ecolor="#999999", capsize=3)
        ax.set_yticks(list(y), [arabic(g) for g in groups])
        ax.invert_yaxis()
        ax.set_title(frame, fontsize=11)
        ax.set_xlabel("hits per 1,000 tokens")
    fig.suptitle(f"Frame rates per {group}, with bootstrap intervals (five short texts: read the widths)")
    fig.tight_layout()
    return fig


@_styled
@validate_params({"table": [Frame("a table from framing.choices()")]})
def plot_choices(table):
    """Share of each wording per group, one panel per lexical-choice set.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`framing.choices`.

    Examples
    --------
    >>> import framing
    >>> from framing.plots import plot_choices
    >>> fig = plot_choices(framing.choices(framing.load_corpus(), "war_2003"))
    >>> fig.axes[0].get_title()
    'war_2003'
    """
    import matplotlib.pyplot as plt

    _require(table, ["pair", "wording", "n", "share"], "plot_choices")
    _setup()
    group = [c for c in table.columns if c not in ("pair", "wording", "gloss", "n", "share")][0]
    pairs = list(dict.fromkeys(table["pair"]))
    fig, axes = plt.subplots(len(pairs), 1, figsize=(8, 2.3 * len(pairs) + 0.6), squeeze=False)
    for ax, pair in zip(axes.flat, pairs):
        part = table[table["pair"] == pair]
        groups = list(dict.fromkeys(part[group]))
        wordings = list(dict.fromkeys(part["wording"]))
        left = [0.0] * len(groups)
        palette = __import__("seaborn").color_palette("Set2", len(wordings))
        for colour, wording in zip(palette, wordings):
            rows = part[part["wording"] == wording].set_index(group).reindex(groups)
            shares = rows["share"].fillna(0).tolist()
            ax.barh(range(len(groups)), shares, left=left, color=colour, label=arabic(wording))
            for i, (s, n) in enumerate(zip(shares, rows["n"].fillna(0).astype(int))):
                if n:
                    ax.text(left[i] + s / 2, i, str(n), ha="center", va="center", fontsize=9)
            left = [a + b for a, b in zip(left, shares)]
        totals = part.groupby(group, sort=False)["n"].sum().reindex(groups)
        ax.set_yticks(range(len(groups)), [f"{arabic(g)} (n={int(t)})" for g, t in zip(groups, totals)])
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.set_title(pair, fontsize=11)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    axes.flat[-1].set_xlabel("share of the wordings used (numbers: hits)")
    fig.tight_layout()
    return fig
