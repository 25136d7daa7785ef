"""agreement: how far two (or more) coders agree on the frames of the same paragraphs.

Before a lexicon is checked against people, the people are checked against
each other: if two careful readers do not agree whether a paragraph frames
the war as an invasion, no count can be "right" about it. Three figures,
per frame (present or not) and for the primary frame (one of several):

* ``agree``: the share of units on which every coder gave the same code. Easy
  to read, but high by chance when a frame is rare (two coders who never see
  it agree on every paragraph without it);
* ``alpha``: Krippendorff's alpha, nominal, ``1 - observed / expected
  disagreement``: 1 is perfect agreement, 0 is what chance gives, below 0 is
  worse. It takes any number of coders and units some coders left out. Its
  own advice (Krippendorff 2004): rely on alpha >= 0.8, draw tentative
  conclusions from 0.667 up, not below. Computed by the ``krippendorff``
  package (Castro 2017);
* ``kappa``: Cohen's kappa, for exactly two coders over the units both coded
  (scikit-learn's ``cohen_kappa_score``).
"""

from __future__ import annotations

from framing.coding import PRIMARY, read_codes
from framing.display import as_table
from framing.errors import FramingError
from framing.params import Checked, Names, validate_params

__all__ = ["agreement", "disagreements", "confusion", "read_coders", "ALL_FRAMES"]

#: The ``frame`` of the row that pools every (unit, frame) pair of the present/absent codes.
ALL_FRAMES = "(all frames)"
COLUMNS = ["frame", "units", "coders", "agree", "alpha", "kappa", "note"]


def _matrix(codes, frame: str, coders: list[str]):
    """Units x coders of one frame's codes (True/False, or the primary frame's id), None where not coded."""
    rows = codes[codes.frame == frame]
    value = rows["primary"] if frame == PRIMARY else rows["present"].astype(object)
    table = rows.assign(value=value).pivot(index="unit", columns="coder", values="value")
    return table.reindex(columns=coders)


def _figures(matrix) -> dict:
    """units, agree, alpha, kappa, note for one units x coders matrix (object values, NaN where not coded)."""
    import krippendorff
    import numpy as np
    import pandas as pd
    from sklearn.metrics import cohen_kappa_score

    paired = matrix[matrix.notna().sum(axis=1) >= 2]
    out = {"units": len(paired), "agree": np.nan, "alpha": np.nan, "kappa": np.nan, "note": ""}
    if len(paired) == 0:
        out["note"] = "no unit coded by two coders"
        return out
    out["agree"] = float(np.mean([len(set(row.dropna())) == 1 for _, row in paired.iterrows()]))
    values = sorted({str(v) for v in paired.stack()})
    if len(values) < 2:
        out["note"] = f"every code is {values[0]!r}: alpha and kappa are undefined (nothing to tell apart)"
        return out
    # every value, those of units one coder alone coded too (they count in no pair, but need a number)
    code = {v: i for i, v in enumerate(sorted({str(v) for v in matrix.stack()}))}
    data = np.array([[code[str(v)] if pd.notna(v) else np.nan for v in matrix[c]] for c in matrix.columns],
                    dtype=float)
    out["alpha"] = float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    if matrix.shape[1] == 2:
        both = matrix.dropna()
        if len(both) and len({str(v) for v in both.stack()}) > 1:
            out["kappa"] = float(cohen_kappa_score([str(v) for v in both.iloc[:, 0]],
                                                   [str(v) for v in both.iloc[:, 1]]))
    return out


def read_coders(codes, verb: str):
    """One tidy table of codes from a table, a file, or a list of them (one per coder), each coder once."""
    import pandas as pd

    if not isinstance(codes, (list, tuple)):
        return read_codes(codes)
    if not codes:
        raise FramingError(f"{verb}(): give the codes: a table, a file, or a list of them (one per coder).")
    parts, owner = [], {}
    for k, item in enumerate(codes, start=1):
        part = read_codes(item)
        name = str(item) if not isinstance(item, pd.DataFrame) else f"table {k} of the list"
        if (part.coder == "").any():
            raise FramingError(f"{verb}(): {name} has rows with no coder's name: fill its coder column (or make "
                               "the sheet with coding_sheet(..., coder='your name')).")
        for coder in sorted(set(part.coder)):
            if coder in owner:
                raise FramingError(f"{verb}(): the coder {coder!r} is in {owner[coder]} and in {name}: give each "
                                   "coder's codes once, under a name of their own.")
            owner[coder] = name
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def _prepare(codes, coders, verb: str):
    tidy = read_coders(codes, verb)
    if tidy.empty:
        raise FramingError(f"{verb}(): the codes are empty (no unit is coded yet).")
    every = sorted(set(tidy.coder))
    if coders is None:
        coders = every
    else:
        coders = [coders] if isinstance(coders, str) else list(coders)
        wrong = [c for c in coders if c not in every]
        if wrong:
            raise FramingError(f"{verb}(): no coder {wrong[0]!r} in the codes (its coders: {', '.join(every)}).")
    if len(coders) < 2:
        raise FramingError(f"{verb}(): agreement needs two coders or more; the codes have "
                           f"{', '.join(coders) or 'none'}. Give a list of two coders' sheets: "
                           "agreement(['mine.csv', 'yours.csv']).")
    return tidy[tidy.coder.isin(coders)], coders


@validate_params({"codes": [Checked("read_codes")], "coders": [None, Names("a coder's name or a list of them")]})
def agreement(codes, *, coders=None):
    """How far the coders agree, frame by frame: share agreeing, Krippendorff's alpha, Cohen's kappa.

    Parameters
    ----------
    codes : pandas.DataFrame, path, or a list of them
        Two or more coders' codes: a list of their filled sheets of
        :func:`framing.coding_sheet` (tables or CSV files, one per coder), or
        one table :func:`framing.read_codes` takes.
    coders : list of str, optional
        Compare only these coders (default: all of them).

    Returns
    -------
    Table (a pandas.DataFrame)
        One row per frame, then ``(primary)`` (the primary frame, a nominal code
        of many values) when coded, then ``(all frames)`` (every unit and frame
        pooled): ``units`` (coded by two coders or more), ``coders``, ``agree``
        (the share of those units with one code), ``alpha`` (Krippendorff,
        nominal), ``kappa`` (Cohen, two coders only), ``note`` (why a figure is
        missing).

    Examples
    --------
    Krippendorff's own first example (Computing Krippendorff's Alpha-Reliability,
    2011): two coders, ten units, a frame seen or not.

    >>> import pandas as pd
    >>> a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    >>> b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    >>> codes = pd.DataFrame({"unit": [f"u{i}" for i in range(10)] * 2, "coder": ["A"] * 10 + ["B"] * 10,
    ...                       "frame": "invasion", "present": a + b})
    >>> agreement(codes).round(3)[["frame", "units", "agree", "alpha", "kappa"]]
              frame  units  agree  alpha  kappa
    0      invasion     10    0.6  0.095  0.091
    1  (all frames)     10    0.6  0.095  0.091
    """
    import pandas as pd

    tidy, coders = _prepare(codes, coders, "agreement")
    frames = [f for f in dict.fromkeys(tidy.frame) if f != PRIMARY]
    rows = [{"frame": f, "coders": len(coders), **_figures(_matrix(tidy, f, coders))} for f in frames]
    if (tidy.frame == PRIMARY).any():
        rows.append({"frame": PRIMARY, "coders": len(coders), **_figures(_matrix(tidy, PRIMARY, coders))})
    if frames:
        pooled = tidy[tidy.frame != PRIMARY].assign(unit=lambda t: t.unit + " / " + t.frame, frame=ALL_FRAMES)
        rows.append({"frame": ALL_FRAMES, "coders": len(coders), **_figures(_matrix(pooled, ALL_FRAMES, coders))})
    table = pd.DataFrame(rows, columns=COLUMNS)
    return as_table(table)


@validate_params({"codes": [Checked("read_codes")], "coders": [None, Names("a coder's name or a list of them")]})
def disagreements(codes, *, coders=None):
    """The units the coders coded differently, frame by frame: what to read and talk over.

    Parameters
    ----------
    codes : pandas.DataFrame or path
        As for :func:`agreement`.
    coders : list of str, optional
        Only these coders (default: all).

    Returns
    -------
    Table (a pandas.DataFrame)
        ``unit``, ``frame``, then one column per coder with their code (True /
        False, the primary frame's id; empty where they did not code the unit).

    Examples
    --------
    >>> import pandas as pd
    >>> codes = pd.DataFrame({"unit": ["p1", "p2", "p1", "p2"], "coder": ["amal", "amal", "badr", "badr"],
    ...                       "frame": "invasion", "present": [1, 0, 1, 1]})
    >>> disagreements(codes)
      unit     frame  amal  badr
    0   p2  invasion  False  True
    """
    import pandas as pd

    tidy, coders = _prepare(codes, coders, "disagreements")
    parts = []
    for frame in dict.fromkeys(tidy.frame):
        matrix = _matrix(tidy, frame, coders)
        differ = matrix[[len({str(v) for v in row.dropna()}) > 1 for _, row in matrix.iterrows()]]
        if len(differ):
            parts.append(differ.reset_index().assign(frame=frame))
    if not parts:
        return as_table(pd.DataFrame(columns=["unit", "frame", *coders]))
    table = pd.concat(parts, ignore_index=True)[["unit", "frame", *coders]]
    table.columns.name = None
    return as_table(table)


@validate_params({"codes": [Checked("read_codes")], "frame": [Names("a frame id, or '(primary)'")],
                  "coders": [None, Names("a pair of coders' names")]})
def confusion(codes, frame: str = PRIMARY, *, coders=None):
    """Two coders' codes of one frame against each other: how often A said x when B said y.

    Parameters
    ----------
    codes : pandas.DataFrame or path
        As for :func:`agreement`.
    frame : str, default "(primary)"
        A frame id (codes True/False), or ``"(primary)"`` for the primary frame.
    coders : pair of str, optional
        The two coders (default: the codes' two coders; required when there are more).

    Returns
    -------
    pandas.DataFrame
        Rows: the first coder's codes; columns: the second's; counts of the
        units both coded. The diagonal is agreement.

    Examples
    --------
    >>> import pandas as pd
    >>> codes = pd.DataFrame({"unit": ["p1", "p2", "p3"] * 2, "coder": ["amal"] * 3 + ["badr"] * 3,
    ...                       "frame": "(primary)", "present": None,
    ...                       "primary": ["invasion", "invasion", "none", "invasion", "operation", "none"]})
    >>> confusion(codes)
    badr      invasion  none  operation
    amal
    invasion         1     0          1
    none             0     1          0
    """
    import pandas as pd

    tidy, coders = _prepare(codes, coders, "confusion")
    if len(coders) != 2:
        raise FramingError(f"confusion(): give two coders (coders=['a', 'b']); the codes have {', '.join(coders)}.")
    if isinstance(frame, (list, tuple)):
        raise FramingError("confusion(): give one frame.")
    known = list(dict.fromkeys(tidy.frame))
    if frame not in known:
        raise FramingError(f"confusion(): no frame {frame!r} in the codes (its frames: {', '.join(known)}).")
    both = _matrix(tidy, frame, coders).dropna()
    return pd.crosstab(both[coders[0]].astype(str), both[coders[1]].astype(str)).rename_axis(
        index=coders[0], columns=coders[1])
