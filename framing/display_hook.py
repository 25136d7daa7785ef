"""Every DataFrame of a notebook session shown right to left where it holds Arabic.

``import framing`` calls :func:`show_arabic_in_every_table`. It imports neither
pandas nor :mod:`framing.display`: IPython is told the pandas classes by name,
and the kit's display code loads the first time a table is shown.
"""

from __future__ import annotations

import sys

__all__ = ["show_arabic_in_every_table"]

#: The pandas classes, by the module IPython sees (``pandas`` from pandas 3, ``pandas.core.*`` before).
_CLASSES = (("pandas", "DataFrame"), ("pandas", "Series"),
            ("pandas.core.frame", "DataFrame"), ("pandas.core.series", "Series"))


def _html(obj):
    from framing.display import html_for_any_frame

    return html_for_any_frame(obj)


def show_arabic_in_every_table(shell=None) -> bool:
    """Make every DataFrame of a notebook session display its Arabic cells right to left.

    ``import framing`` calls it in a notebook (an IPython kernel), so that a
    table a student builds with ``pd.DataFrame(...)`` or ``value_counts()``
    shows like the kit's own results; a Series shows as a table when it
    holds Arabic. Outside IPython (or given a ``shell`` that is not one) it
    does nothing and returns False.

    >>> show_arabic_in_every_table(shell=object())
    False
    """
    if shell is None:
        if "IPython" not in sys.modules:  # not in IPython, and importing it would cost 0.3 s
            return False
        shell = sys.modules["IPython"].get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return False
    formatter = shell.display_formatter.formatters["text/html"]
    for module, name in _CLASSES:
        formatter.for_type_by_name(module, name, _html)
    return True
