"""select: the documents of a corpus that match a condition, for any verb (the one selection grammar).

Every verb takes a corpus, so leaving documents out, or comparing them, is a
step before the verb::

    framing.frame_counts(framing.select(corpus, "machine_translated=no"))     # newsroom Arabic only
    framing.frame_counts(corpus, by="machine_translated")                       # translated against not

The condition is keyness's ``target``: ``"KEY=VALUE"`` or ``"KEY=VALUE,VALUE"``
on a metadata column (values matched without regard to case), or a dict
``{column: value or values}`` whose columns must all hold.
"""

from __future__ import annotations

from framing.params import CORPUS, Boolean, Checked, validate_params
from framing.validate import select_rows

__all__ = ["select"]


@validate_params({"corpus": [CORPUS], "where": [Checked("select")], "keep": [Boolean()]})
def select(corpus, where, *, keep: bool = True):
    """The documents matching ``where`` (or, with ``keep=False``, all the others), as a corpus.

    Parameters
    ----------
    corpus : pandas.DataFrame
        From :func:`framing.load_corpus`.
    where : str or dict
        ``"machine_translated=no"``, ``"outlet=AFP-French,AFP-Arabic"``, or
        ``{"event": "austin_visit_2023", "machine_translated": "no"}``.
    keep : bool, default True
        False keeps the documents that do *not* match.

    Returns
    -------
    pandas.DataFrame
        The same columns, the matching rows; an error names the condition
        when no document matches (or, with ``keep=False``, when all do).

    Examples
    --------
    >>> import framing
    >>> corpus = framing.load_corpus()
    >>> framing.select(corpus, "machine_translated=no").doc_id.tolist()
    ['afp_ar_2023', 'unknown_2021']
    >>> framing.select(corpus, "outlet=unknown", keep=False).doc_id.tolist()
    ['afp_fr_2023', 'afp_ar_2023', 'reuters_2023', 'almonitor_2024']
    """
    from framing.errors import FramingError

    rows = select_rows(corpus, where, "where")
    chosen = [r == keep for r in rows]
    if not any(chosen):
        raise FramingError(f"select(): every document matches {where!r}: keep=False leaves none.")
    return corpus[chosen].copy()
