"""The site's start page: the notebooks, and a check that says why Python would not start.

JupyterLite's own start page only forwards to JupyterLab; when Pyodide
cannot load (no internet, an offline build without its wheels, a page opened
as a file or over plain http from another machine), the kernel's status stays
"Unknown" with no word to the student. This page is what the class opens
first: it lists the notebooks and, in the browser, checks each of those
causes and says what to do (``templates/landing.js``).
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from urllib.parse import quote

__all__ = ["write_landing_page"]

_TEMPLATES = Path(__file__).resolve().parent / "templates"
_CONFIG = re.compile(r'<script id="jupyter-config-data".*?</script>', re.S)


def write_landing_page(site) -> Path:
    """Write ``index.html`` and ``framing-landing.js`` into the built ``site``; return the page.

    The notebooks listed are those of the site's ``framing-lite.json``.

    >>> write_landing_page("/no/such/site")
    Traceback (most recent call last):
    ...
    FileNotFoundError: ...
    """
    site = Path(site)
    made = json.loads((site / "framing-lite.json").read_text(encoding="utf-8"))
    # JupyterLab's pages read the configuration from this element of every parent folder's index.html
    config = _CONFIG.search((site / "index.html").read_text(encoding="utf-8"))
    if config is None:
        raise ValueError(f"{site / 'index.html'}: no jupyter-config-data script (not a JupyterLite site?)")
    items = "\n".join(
        f'      <li><a href="lab/index.html?path={quote("notebooks/" + name)}">{html.escape(name)}</a></li>'
        for name in made["notebooks"])
    page = (_TEMPLATES / "landing.html").read_text(encoding="utf-8")
    page = page.replace("{{notebooks}}", items).replace("{{config}}", config.group(0))
    (site / "index.html").write_text(page, encoding="utf-8")
    shutil.copy2(_TEMPLATES / "landing.js", site / "framing-landing.js")
    return site / "index.html"
