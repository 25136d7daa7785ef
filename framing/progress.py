"""Progress bars on long work, shown only once it has taken more than a couple of seconds.

The bars are tqdm's (``tqdm.auto``): a widget in a notebook, a line on the
command line. Work that ends within :data:`DELAY` seconds shows nothing, so
the seed corpus never shows a bar; an instructor's ten million tokens do.
``TQDM_DISABLE=1`` in the environment turns every bar off. Without tqdm (in
JupyterLite) the work runs without a bar.
"""

from __future__ import annotations

__all__ = ["DELAY", "bar", "progress"]

#: Seconds of work before a bar appears.
DELAY = 2.0


def bar(total: int, desc: str, unit: str = "doc"):
    """A bar to ``update()`` by hand up to ``total``, then ``close()``; or None without tqdm.

    >>> b = bar(10, "Counting")
    >>> b is None or b.total == 10
    True
    >>> if b is not None:
    ...     b.update(10)
    ...     b.close()
    """
    tqdm = _tqdm()
    return None if tqdm is None else tqdm(total=total, desc=desc, unit=unit, unit_scale=True, delay=DELAY,
                                          leave=False)


def progress(iterable, total: int, desc: str, unit: str = "doc"):
    """``iterable``, with a bar that counts its items (once the work takes more than :data:`DELAY` s).

    >>> list(progress(range(3), 3, "Counting"))
    [0, 1, 2]
    """
    tqdm = _tqdm()
    return iterable if tqdm is None else tqdm(iterable, total=total, desc=desc, unit=unit, delay=DELAY, leave=False)


def _tqdm():
    """tqdm's bar for where it runs (``tqdm.auto``), or None where tqdm is not installed."""
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None
    return tqdm
