"""The notebooks in a real browser: Debian's chromium, driven by Playwright, on a real
JupyterLab (issues 4 and 5).

A JupyterLab server is started on 127.0.0.1 (a free port, a random token) on a
temporary copy of ``notebooks/``, with HOME and every Jupyter directory under
tmp so nothing from the machine's own configuration leaks in (the ``python3``
kernel still comes from the installed ipykernel). Then:

* notebook 3 (KWIC) is run with Run > Run All Cells, and the KWIC tables must be
  right to left in the rendered page (``dir="rtl"``, the keyword column between
  its contexts, the words before it on its right, the Arabic text of every cell
  what ``framing.kwic`` returns, in order) and the dispersion plot must be drawn;
* notebook 1 is used as a new student would: the first question's check fails
  while it is unanswered, the answer is typed into the cell, and
  ``grader.check("q1")`` then says it passed.

Screenshots go to ``tests/_screens/`` (git-ignored); look at them after a change to
the display code. The tests are marked ``browser`` and are skipped, with the
reason, when chromium or the playwright package is missing. Chromium is never
downloaded (no ``playwright install``): Debian's is used, as CI installs it.
"""

from __future__ import annotations

import ast
import base64
import contextlib
import importlib.util
import io
import json
import os
import re
import secrets
import shutil
import signal
import site
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, SCREENS


def _chromium() -> str | None:
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


CHROMIUM = _chromium()
HAVE_PLAYWRIGHT = importlib.util.find_spec("playwright") is not None

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="real-browser test: no chromium (/usr/bin/chromium or chromium on PATH); "
        "install Debian's with `apt-get install chromium` (.ci/run does)",
    ),
    pytest.mark.skipif(
        not HAVE_PLAYWRIGHT,
        reason="real-browser test: the playwright package is missing; "
        'pip install -e ".[test]" (no `playwright install` needed: Debian\'s chromium is used)',
    ),
]

# We may run as root (CI containers): chromium's sandbox needs user namespaces then.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SERVER_START = 90  # s, first start of JupyterLab on a loaded 2-core machine
OPEN = 60_000      # ms, page load and kernel start
RUN = 90_000       # ms, running a whole notebook
STEP = 30_000      # ms, one cell, one click

ARABIC = re.compile("[\u0600-\u06ff]")


# ---------------------------------------------------------------------------
# the server and the browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, token: str | None = None, method: str = "GET", timeout: float = 5):
    req = urllib.request.Request(url, method=method)
    if token:
        req.add_header("Authorization", f"token {token}")
    with urllib.request.urlopen(req, timeout=timeout) as r:
        body = r.read()
        return r.status, (json.loads(body) if body.strip() else None)


def _tail(path: Path, n: int = 40) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-n:])
    except OSError:
        return "(no log)"


class Lab:
    def __init__(self, url, token, root, log, proc, env):
        self.url, self.token, self.root, self.log, self.proc, self.env = url, token, root, log, proc, env

    def page_url(self, notebook: str) -> str:
        """The notebook in a workspace of its own: JupyterLab restores a workspace's tabs when a
        page opens, and a tab left from an earlier page could become the visible panel while
        the test is using this one."""
        self.pages = getattr(self, "pages", 0) + 1
        return f"{self.url}/lab/workspaces/page{self.pages}/tree/{notebook}?token={self.token}"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a temporary copy of the notebooks, isolated from the machine."""
    import psutil

    base = tmp_path_factory.mktemp("lab")
    root, home = base / "notebooks", base / "home"
    # The notebooks read only themselves (otter's tests are in their metadata);
    # framing finds the corpus and lexicons through the installed package.
    shutil.copytree(ROOT / "notebooks", root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    dirs = {
        "HOME": home, "JUPYTER_CONFIG_DIR": base / "jupyter-config", "JUPYTER_DATA_DIR": base / "jupyter-data",
        "JUPYTER_RUNTIME_DIR": base / "jupyter-runtime", "IPYTHONDIR": home / ".ipython",
        "JUPYTERLAB_SETTINGS_DIR": base / "lab-settings", "JUPYTERLAB_WORKSPACES_DIR": base / "lab-workspaces",
        "MPLCONFIGDIR": home / ".config" / "matplotlib", "XDG_CONFIG_HOME": home / ".config",
        "XDG_CACHE_HOME": home / ".cache", "XDG_DATA_HOME": home / ".local" / "share",
    }
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
    # No "Would you like to get notified about official Jupyter news?" toast over the page.
    notification = dirs["JUPYTERLAB_SETTINGS_DIR"] / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True)
    (notification / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")
    # No "Select Kernel" dialog over the page: a loaded server can answer for the kernel specs
    # after the notebook opened, and JupyterLab then asks instead of starting python3.
    tracker = dirs["JUPYTERLAB_SETTINGS_DIR"] / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"autoStartDefaultKernel": True}),
                                                         encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IPYTHON", "MPL", "XDG_"))}
    env.update({k: str(v) for k, v in dirs.items()})
    env.pop("PYTHONPATH", None)
    # The server and kernel see the packages this process sees, wherever pip put them: a
    # `pip install --user` lives under the real home, which HOME no longer points to.
    if site.ENABLE_USER_SITE:
        env["PYTHONUSERBASE"] = site.getuserbase()
    else:
        env["PYTHONNOUSERSITE"] = "1"

    port, token = _free_port(), secrets.token_hex(24)
    cmd = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=None",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = base / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    server = Lab(url, token, root, log, proc, env)
    try:
        deadline, last = time.monotonic() + SERVER_START, None
        while True:
            if proc.poll() is not None:
                pytest.fail(f"jupyter lab exited with status {proc.returncode} before answering; "
                            f"log tail ({log}):\n{_tail(log)}")
            try:
                status, body = _get(f"{url}/api/status", token)
                if status == 200 and "started" in body:
                    break
            except (OSError, ValueError) as e:
                last = e
            if time.monotonic() > deadline:
                pytest.fail(f"jupyter lab did not answer on {url}/api/status within {SERVER_START} s "
                            f"(last error: {last!r}); log tail ({log}):\n{_tail(log)}")
            time.sleep(0.25)
        yield server
    finally:
        _stop(server, psutil)


def _stop(server: Lab, psutil) -> None:
    """Shut the server and its kernels down; kill whatever is left (only our processes)."""
    proc = server.proc
    try:
        mine = psutil.Process(proc.pid).children(recursive=True)
    except psutil.Error:
        mine = []
    if proc.poll() is None:
        try:
            _, kernels = _get(f"{server.url}/api/kernels", server.token)
            for k in kernels or []:
                _get(f"{server.url}/api/kernels/{k['id']}", server.token, method="DELETE", timeout=10)
            _get(f"{server.url}/api/shutdown", server.token, method="POST", timeout=10)
        except (OSError, ValueError):
            pass
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
    # Kernels run in sessions of their own: make sure none outlives the server.
    alive = [p for p in mine if p.is_running()]
    for p in alive:
        try:
            p.terminate()
        except psutil.Error:
            pass
    _, alive = psutil.wait_procs(alive, timeout=5)
    for p in alive:
        try:
            p.kill()
        except psutil.Error:
            pass


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Debian's chromium, headless, on a fresh profile."""
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
            viewport={"width": 1400, "height": 1000}, locale="en-US", timeout=OPEN,
        )
        context.set_default_timeout(STEP)
        try:
            yield context
        finally:
            context.close()


# ---------------------------------------------------------------------------
# driving JupyterLab as a user does: menus, clicks, the keyboard


PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def open_notebook(context, lab: Lab, name: str, cells: int | None = None):
    """Open ``name`` in JupyterLab; return once all its cells are in the page and the kernel is idle."""
    page = context.new_page()
    page.goto(lab.page_url(name), timeout=OPEN)
    page.wait_for_function(
        "([panel, n]) => document.querySelectorAll(panel + ' .jp-Notebook .jp-Cell').length === n",
        arg=[PANEL, cells if cells is not None else len(notebook_cells(name))], timeout=OPEN)
    wait_idle(page, OPEN)
    return page


def wait_idle(page, timeout=STEP):
    """The kernel has started and is idle (the notebook toolbar says so)."""
    page.wait_for_function(
        """(panel) => {
            const e = document.querySelector(panel + ' [data-jp-item-name="executionProgress"]');
            return e !== null && e.textContent.includes('Kernel status: Idle');
        }""", arg=PANEL, timeout=timeout)


def menu(page, top: str, item: str):
    page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{re.escape(top)}$")).click()
    page.locator(".lm-Menu-item:not(.lm-mod-disabled)",
                 has=page.locator(".lm-Menu-itemLabel", has_text=re.compile(rf"^{re.escape(item)}$"))).click()


def cell(page, index: int):
    """The index-th cell of the open notebook (markdown and code cells alike, as in the .ipynb)."""
    return page.locator(f"{PANEL} .jp-Notebook .jp-Cell").nth(index)


def prompts(page) -> list[str]:
    return page.eval_on_selector_all(f"{PANEL} .jp-CodeCell .jp-InputArea-prompt",
                                     "els => els.map(e => e.textContent.trim())")


def wait_ran(page, indexes, before=None, timeout=STEP):
    """Cells ``indexes`` show an execution count (another than in ``before``) and the kernel is idle.

    On a timeout the page is saved as ``tests/_screens/timeout.png``, to see where it stood.
    """
    try:
        _wait_ran(page, indexes, before, timeout)
    except Exception:
        SCREENS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENS / "timeout.png"), full_page=False)
        raise


def _wait_ran(page, indexes, before, timeout):
    page.wait_for_function(
        """([panel, indexes, before]) => {
            const cells = document.querySelectorAll(panel + ' .jp-Notebook .jp-Cell');
            for (const [k, i] of indexes.entries()) {
                const p = cells[i] && cells[i].querySelector('.jp-InputArea-prompt');
                const t = p ? p.textContent.trim() : '';
                if (!/^\\[\\d+\\]:$/.test(t) || (before && t === before[k])) return false;
            }
            const e = document.querySelector(panel + ' [data-jp-item-name="executionProgress"]');
            return e !== null && e.textContent.includes('Kernel status: Idle');
        }""", arg=[PANEL, list(indexes), before], timeout=timeout)


def prompt_of(page, index: int) -> str:
    return cell(page, index).locator(".jp-InputArea-prompt").first.text_content().strip()


def error_outputs(page) -> list[str]:
    """Text of every stderr / error output (a traceback is rendered with this MIME type too)."""
    return page.eval_on_selector_all(
        f'{PANEL} .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]',
        "els => els.map(e => e.textContent)")


def notebook_cells(name: str) -> list[dict]:
    nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    return [dict(c, source="".join(c["source"])) for c in nb["cells"]]


def find_cell(cells, source: str) -> int:
    found = [i for i, c in enumerate(cells) if c["cell_type"] == "code" and c["source"].strip() == source]
    assert len(found) == 1, f"expected one code cell with source {source!r} in the notebook, found {len(found)}"
    return found[0]


def shoot(page, locator, screens: Path, stem: str) -> None:
    """``stem.png``: the element (its top, if taller than the window); ``stem_page.png``: the window."""
    locator.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(200)  # let the windowed notebook settle after the scroll
    box, view = locator.bounding_box(), page.viewport_size
    top, bottom = max(box["y"], 0), min(box["y"] + box["height"], view["height"])
    left, right = max(box["x"], 0), min(box["x"] + box["width"], view["width"])
    page.screenshot(path=str(screens / f"{stem}.png"),
                    clip={"x": left, "y": top, "width": right - left, "height": bottom - top})
    page.screenshot(path=str(screens / f"{stem}_page.png"))


# ---------------------------------------------------------------------------
# the rendered KWIC table, measured in the page

# Per body row: every cell's box and text, and the boxes of the words of the
# before / match / after cells (one Range per word, in logical order).
MEASURE = """(table) => {
    const headers = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
    const col = name => headers.indexOf(name);
    const words = td => {
        const bdi = td.querySelector('bdi'), node = bdi && bdi.firstChild, out = [];
        if (!node) return out;
        const re = /\\S+/g; let m;
        while ((m = re.exec(node.textContent)) !== null) {
            const r = document.createRange();
            r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
            const b = r.getBoundingClientRect();
            out.push({word: m[0], left: b.left, right: b.right, top: b.top});
        }
        return out;
    };
    const box = e => { const b = e.getBoundingClientRect(); return {left: b.left, right: b.right, top: b.top}; };
    const wrapper = table.parentElement;
    const rows = [...table.querySelectorAll('tbody tr')].map(tr => {
        const tds = [...tr.children];
        const side = name => {
            const td = tds[col(name)], bdi = td.querySelector('bdi');
            return {box: box(td), text: box(bdi), words: words(td),
                    dir: getComputedStyle(bdi).direction, align: getComputedStyle(td).textAlign};
        };
        return {texts: tds.map(td => td.textContent), boxes: tds.map(box),
                before: side('before'), match: side('match'), after: side('after')};
    });
    return {dir: table.getAttribute('dir'), direction: getComputedStyle(table).direction,
            headers, rows, width: table.getBoundingClientRect().width,
            wrapper: {box: box(wrapper), overflow: getComputedStyle(wrapper).overflowX}};
}"""


def expected_rows(frame) -> list[list[str]]:
    """The table cells ``framing.display.concordance_html`` writes, in DOM order (long contexts trimmed
    to what fits the pane; the offsets are not columns)."""
    from framing.display import CONTEXT_CHARS, _context_chars, trim_context

    head = [c for c in frame.columns if c not in ("before", "match", "after", "start", "end")]
    rows = frame.head(60)
    n = _context_chars(rows, head, CONTEXT_CHARS)
    return [[str(label)] + [str(row[c]) for c in head]
            + [trim_context(row["before"], "before", n), row["match"], trim_context(row["after"], "after", n)]
            for label, row in rows.iterrows()]


def cell_value(source: str, names: dict):
    """What a cell displays (its last expression), computed here; None if it needs earlier cells."""
    tree = ast.parse(source)
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        return None
    ns = dict(names)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(ast.Module(tree.body[:-1], []), "<cell>", "exec"), ns)
            return eval(compile(ast.Expression(tree.body[-1].value), "<cell>", "eval"), ns)
    except NameError:
        return None


def check_rtl_table(output, frame, what: str) -> dict:
    """The KWIC table in ``output`` is laid out right to left and holds ``frame``'s rows
    (``frame`` None: the layout only)."""
    table = output.locator('table[dir="rtl"]')
    assert table.count() == 1, f"{what}: no <table dir=\"rtl\"> in the cell's output"
    table.scroll_into_view_if_needed()
    got = table.evaluate(MEASURE)
    assert got["dir"] == "rtl" and got["direction"] == "rtl", f"{what}: the table is not laid out right to left"
    assert "match" in got["headers"] and got["rows"], got["headers"]
    m = got["headers"].index("match")
    assert got["headers"][m - 1:m + 2] == ["before", "match", "after"], got["headers"]
    if frame is not None:
        about = output.locator("div").first.text_content()
        docs = frame["doc_id"].nunique()
        assert about.startswith(f"Keyword-in-context with {len(frame)} match") and f"in {docs} document" in about, about
        # The Arabic of every cell is what framing.kwic returns, row by row, in order.
        assert [r["texts"] for r in got["rows"]] == expected_rows(frame), (
            f"{what}: the table's cells differ from kwic's")

    # A table wider than the output scrolls in its own box, which opens on the reading
    # side: the row number and doc_id (rightmost) are in view, not the far end.
    assert got["wrapper"]["overflow"] == "auto", got["wrapper"]
    first, frame_box = got["rows"][0]["boxes"], got["wrapper"]["box"]
    assert frame_box["left"] - 0.5 <= first[1]["left"] and first[0]["right"] <= frame_box["right"] + 0.5, (
        f"{what}: the row number and doc_id are scrolled out of view: {got['wrapper']} {first[:2]}")

    for n, row in enumerate(got["rows"]):
        where = f"{what}, row {n}"
        # DOM order runs from the right edge: each cell stands left of the one before it,
        # so the row number is rightmost and the keyword sits between its contexts.
        for a, b in zip(row["boxes"], row["boxes"][1:]):
            assert b["right"] <= a["left"] + 0.5, f"{where}: cells are not laid out right to left: {row['boxes']}"
        before, match, after = row["before"], row["match"], row["after"]
        assert before["box"]["left"] >= match["box"]["right"] - 0.5, f"{where}: 'before' is not right of the match"
        assert after["box"]["right"] <= match["box"]["left"] + 0.5, f"{where}: 'after' is not left of the match"
        for side in (before, after, match):
            assert side["dir"] == "rtl", f"{where}: a context cell is not right to left"
        # Each context hugs the keyword: text-align survived JupyterLab's sanitiser.
        assert before["align"] == "left" and after["align"] == "right", (where, before["align"], after["align"])
        if before["words"]:
            assert before["text"]["left"] - before["box"]["left"] <= 12, f"{where}: the words before do not touch the match"
        if after["words"]:
            assert after["box"]["right"] - after["text"]["right"] <= 12, (
                f"{where}: the words after do not touch the match")
        # Word by word, the Arabic reads from right to left, across the three cells.
        arabic = [w for side in (before, match, after) for w in side["words"] if ARABIC.search(w["word"])]
        for a, b in zip(arabic, arabic[1:]):
            assert b["right"] <= a["left"] + 1 and abs(b["top"] - a["top"]) < 4, (
                f"{where}: {b['word']!r} should stand left of {a['word']!r} on the same line")
    return got


REFERENCE_PLOT = """
import sys
import framing
from framing.plots import plot_dispersion
fig = plot_dispersion(framing.dispersion(framing.load_corpus(), sys.argv[2]))
fig.savefig(sys.argv[1], format="png", bbox_inches="tight")  # what the inline backend does
"""


def reference_plot(lab: Lab, query: str, path: Path):
    """The dispersion plot of ``query`` drawn outside the browser, in the kernel's environment."""
    env = dict(lab.env, MPLBACKEND="Agg")
    done = subprocess.run([sys.executable, "-c", REFERENCE_PLOT, str(path), query], env=env, cwd=lab.root,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


def check_plot(output, screens: Path, stem: str, reference: Path):
    """A matplotlib PNG of a sensible size, with ink on it, the same as ``reference``."""
    import numpy as np
    from PIL import Image

    img = output.locator("img")
    assert img.count() == 1, "the plot cell shows no image"
    img.scroll_into_view_if_needed()
    src, width, height = img.evaluate("i => [i.src, i.naturalWidth, i.naturalHeight]")
    assert src.startswith("data:image/png;base64,"), src[:40]
    box = img.bounding_box()
    assert width >= 400 and height >= 150 and box["width"] >= 300 and box["height"] >= 100, (width, height, box)
    png = Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1]))).convert("L")
    png.save(screens / f"{stem}_image.png")
    dark = sum(png.histogram()[:128]) / (png.width * png.height)
    assert 0.005 < dark < 0.5, f"the plot is blank or a solid block ({dark:.1%} dark pixels)"
    # The kit's own rendering (its Arabic labels are checked glyph by glyph in
    # tests/test_plots.py) is what reached the page, pixel for pixel or nearly.
    ref = Image.open(reference).convert("L")
    assert ref.size == png.size, f"the page shows a {png.size} plot, the kit draws {ref.size} ({reference})"
    diff = np.abs(np.asarray(ref, dtype=int) - np.asarray(png, dtype=int))
    assert diff.mean() < 1 and (diff > 64).mean() < 0.002, (
        f"the plot in the page differs from the kit's ({reference}): mean {diff.mean():.2f}")
    return png


# ---------------------------------------------------------------------------
# the tests


def test_lab_server_requires_the_token(lab):
    with pytest.raises(urllib.error.HTTPError) as refused:
        _get(f"{lab.url}/api/status")
    assert refused.value.code == 403
    status, kernelspecs = _get(f"{lab.url}/api/kernelspecs", lab.token)
    assert status == 200 and "python3" in kernelspecs["kernelspecs"], kernelspecs


def test_kwic_notebook_renders_right_to_left(lab, browser, screens, corpus, tmp_path):
    import pandas as pd

    import framing

    name = "03_kwic.ipynb"
    cells = notebook_cells(name)
    code = [i for i, c in enumerate(cells) if c["cell_type"] == "code"]
    first = find_cell(cells, 'framing.kwic(corpus, "غزو")')
    militias = find_cell(cells, 'militias = framing.kwic(corpus, "ميليشيا*", sort="after1")\nmilitias')
    plot = find_cell(cells, "fig = plot_dispersion(where)")
    assert find_cell(cells, 'where = framing.dispersion(corpus, "غزو")\n'
                     'where[["doc_id", "outlet", "match", "token", "n_tokens", "position"]].round(3)') < plot

    page = open_notebook(browser, lab, name)
    assert len(prompts(page)) == len(code), "JupyterLab shows another number of code cells than the .ipynb has"
    menu(page, "Run", "Run All Cells")
    wait_ran(page, code, timeout=RUN)

    errors = error_outputs(page)
    assert errors == [], "cells wrote to stderr or raised:\n" + "\n---\n".join(errors)

    with_table = [i for i in code if cell(page, i).locator('.jp-OutputArea-output table[dir="rtl"]').count()]
    assert first in with_table and militias in with_table and len(with_table) >= 5, (
        f"right-to-left KWIC tables only in cells {with_table}")
    names = {"framing": framing, "corpus": corpus, "pd": pd}
    expected = {i: cell_value(cells[i]["source"], names) for i in with_table}
    assert sum(v is not None for v in expected.values()) >= 5, expected.keys()
    # the two tables the notebook's text and Question 5 are about, computed directly
    assert expected[first].equals(framing.kwic(corpus, "غزو"))
    assert expected[militias].equals(framing.kwic(corpus, "ميليشيا*", sort="after1"))

    reference = tmp_path / "dispersion.png"
    reference_plot(lab, "غزو", reference)

    def check(page, stem, what):
        # Every KWIC table in the notebook: laid out right to left, and holding exactly
        # the rows framing.kwic returns here for the cell's query (when this process can
        # compute what the cell shows without the cells before it).
        got = {}
        for i in with_table:
            got[i] = check_rtl_table(cell(page, i).locator(".jp-OutputArea-output").last, expected[i],
                                     f"{what}: cell {i} ({cells[i]['source'].splitlines()[0]})")
        shoot(page, cell(page, first).locator(".jp-OutputArea-output"), screens, f"{stem}_first_table")
        shoot(page, cell(page, militias).locator(".jp-OutputArea-output"), screens, f"{stem}_militias_table")
        # Question 5 (b) asks for the word touching the match on its right in the first
        # row of `militias`: as displayed, it is the last word of 'before' (before1).
        words = got[militias]["rows"][0]["before"]["words"]
        assert words and min(words, key=lambda w: w["left"])["word"] == words[-1]["word"], words

        out = cell(page, plot).locator(".jp-OutputArea-output")
        check_plot(out, screens, f"{stem}_dispersion_plot", reference)
        shoot(page, out, screens, f"{stem}_dispersion_plot")

    check(page, "03_kwic", "run in JupyterLab")

    # Saved, then opened by someone else (an instructor, the student next week): the
    # outputs come from the file, untrusted, through JupyterLab's HTML sanitiser.
    menu(page, "File", "Save Notebook")
    page.wait_for_function("() => !document.querySelector('.lm-TabBar-tab.jp-mod-current.jp-mod-dirty')",
                           timeout=STEP)
    page.close()
    saved = json.loads((lab.root / name).read_text(encoding="utf-8"))
    assert sum(len(c.get("outputs", [])) for c in saved["cells"]) > 20, "the notebook was not saved with its outputs"
    saved["metadata"]["reopened_by_test"] = True  # another notebook: not signed, so not trusted
    (lab.root / "03_kwic_reopened.ipynb").write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
    page = open_notebook(browser, lab, "03_kwic_reopened.ipynb", cells=len(cells))
    untrusted = cell(page, first).locator(".jp-OutputArea-output")
    assert "jp-mod-trusted" not in (untrusted.get_attribute("class") or ""), "the reopened outputs are trusted"
    check(page, "03_kwic_reopened", "saved and reopened (untrusted)")
    page.close()


def _master_solution(master: Path, variable: str) -> list[str]:
    """The solution lines (``name = value  # SOLUTION``) of the master cell that sets ``variable``."""
    nb = json.loads(master.read_text(encoding="utf-8"))
    for c in nb["cells"]:
        src = "".join(c["source"])
        if c["cell_type"] == "code" and re.search(rf"^{variable}\s*=.*# SOLUTION$", src, re.M):
            return [ln.split("# SOLUTION")[0].rstrip() for ln in src.splitlines() if ln.endswith("# SOLUTION")]
    raise AssertionError(f"no solution for {variable} in {master}")


def test_new_user_answers_q1_and_grader_check_passes(lab, browser, screens):
    name = "01_corpus.ipynb"
    cells = notebook_cells(name)
    answer = next(i for i, c in enumerate(cells)
                  if "otter_answer_cell" in c["metadata"].get("tags", []) and "q1_mt" in c["source"])
    check = answer + 1
    assert cells[check]["source"].strip() == 'grader.check("q1")', cells[check]["source"]
    solution = _master_solution(ROOT / "instructor" / "masters" / name, "q1_mt")
    assert [ln.split("=")[0].strip() for ln in solution] == ["q1_mt", "q1_high_mt"], solution

    page = open_notebook(browser, lab, name)
    above = [i for i, c in enumerate(cells[:answer]) if c["cell_type"] == "code"]

    # Select the answer cell, then Run > Run All Above Selected Cell (otter's set-up, the corpus).
    # (Its editor, not its prompt, is clicked: on a loaded machine JupyterLab's windowing
    # could leave the prompt of a cell just scrolled to "not visible" for Playwright.)
    cell(page, answer).locator(".cm-content").click()
    menu(page, "Run", "Run All Above Selected Cell")
    wait_ran(page, above, timeout=RUN)

    # Unanswered (q1_mt = ...): the check must fail, so this test can fail.
    before = [prompt_of(page, answer), prompt_of(page, check)]
    cell(page, answer).locator(".cm-content").click()
    page.keyboard.press("Shift+Enter")  # runs the answer cell, moves to the check
    page.keyboard.press("Shift+Enter")  # runs grader.check("q1")
    wait_ran(page, [answer, check], before)
    result = cell(page, check).locator(".jp-OutputArea-output")
    text = result.inner_text()
    assert re.fullmatch(r"q1: not answered yet: replace the \.\.\. in (q1_mt|q1_high_mt) = \.\.\. and "
                        r"(q1_mt|q1_high_mt) = \.\.\. with your answers and run that cell\.", text.strip()), text
    shoot(page, cell(page, check), screens, "01_corpus_q1_unanswered")

    # Answer as a user would: click into the cell, select all, type.
    cell(page, answer).locator(".cm-content").click()
    page.keyboard.press("Control+a")
    for k, line in enumerate(solution):
        if k:
            page.keyboard.press("Enter")
        page.keyboard.type(line)
    typed = cell(page, answer).locator(".cm-content").inner_text()
    assert typed.strip().splitlines() == solution, f"the editor holds {typed!r}"

    before = [prompt_of(page, answer), prompt_of(page, check)]
    page.keyboard.press("Shift+Enter")
    page.keyboard.press("Shift+Enter")
    wait_ran(page, [answer, check], before)
    text = cell(page, check).locator(".jp-OutputArea-output").inner_text()
    assert re.fullmatch(r"q1: form checked \(\d+ public checks? passed\); the value is checked when your "
                        r"work is graded\.", text.strip()), text
    assert error_outputs(page) == []
    shoot(page, cell(page, check), screens, "01_corpus_q1_passed")
    cell(page, answer).scroll_into_view_if_needed()
    page.screenshot(path=str(screens / "01_corpus_q1_answer_page.png"))
    page.close()


# ---------------------------------------------------------------------------
# every notebook, solved and unanswered, as a student sees it (issue 10)

# One output area, measured after it is scrolled into view: its images, the lines of text
# it shows, and for every table the boxes of its Arabic cells against their header's, and
# for a concordance whether each match cell is inside what the pane shows.
MEASURE_OUTPUT = """(out, panel) => {
    const pane = document.querySelector(panel + ' .jp-WindowedPanel-outer') || document.querySelector(panel);
    const view = pane.getBoundingClientRect();
    const box = e => { const b = e.getBoundingClientRect(); return {left: b.left, right: b.right, width: b.width}; };
    const arabic = /[\\u0600-\\u06ff]/;
    const tables = [...out.querySelectorAll('table')].map(table => {
        const heads = [...table.querySelectorAll('thead tr')];
        const head = heads.length ? [...heads[heads.length - 1].children] : [];
        const names = heads.length ? [...heads[0].children].map(th => th.textContent.trim()) : [];
        const cells = [], matches = [];
        const wrapper = table.parentElement, wbox = box(wrapper);
        const seen = {left: Math.max(view.left, wbox.left), right: Math.min(view.right, wbox.right)};
        const m = names.indexOf('match');
        for (const tr of table.querySelectorAll('tbody tr')) {
            const row = [...tr.children];
            row.forEach((td, k) => {
                if (!arabic.test(td.textContent)) return;
                const inner = td.querySelector('bdi') || td;
                const r = document.createRange(); r.selectNodeContents(inner);
                const text = r.getBoundingClientRect();
                const h = row.length === head.length ? box(head[k]) : null;
                cells.push({text: td.textContent.trim().slice(0, 40), left: text.left, right: text.right,
                            head: h, direction: getComputedStyle(inner).direction});
            });
            if (m >= 0 && row[m]) {
                const b = box(row[m]);
                matches.push({text: row[m].textContent.trim(), left: b.left, right: b.right});
            }
        }
        return {names, cells, matches, seen, width: box(table).width, colspan: !!table.querySelector('[colspan]'),
                scrolls: wrapper.scrollWidth - wrapper.clientWidth};
    });
    const text = [...out.querySelectorAll('.jp-OutputArea-output')].map(e => e.innerText).join('\\n');
    return {images: out.querySelectorAll('img').length, text, tables,
            pane: {left: view.left, right: view.right, width: view.width}};
}"""


@pytest.fixture(scope="module")
def solved(lab, tmp_path_factory):
    """The solved notebooks (the masters' solutions, as ``framing release`` writes them), in the server's root."""
    from framing.grading import release

    tmp = tmp_path_factory.mktemp("solved")
    release(ROOT / "instructor" / "masters", tmp / "students", tmp / "dist", solutions=lab.root / "solved",
            run_tests=False)
    return lab.root / "solved"


def look_at_every_output(page, cells, screens: Path, stem: str) -> dict:
    """Scroll to each code cell's output, measure it, and save a screenshot of each table, plot and check."""
    seen = {}
    for i, c in enumerate(cells):
        if c["cell_type"] != "code":
            continue
        out = cell(page, i).locator(".jp-Cell-outputArea")
        if out.count() == 0 or out.locator(".jp-OutputArea-output").count() == 0:
            seen[i] = {"images": 0, "text": "", "tables": []}
            continue
        # In view first: JupyterLab skips the layout of cells out of view (content-visibility),
        # and what is not laid out has no boxes and no innerText.
        out.first.evaluate("e => e.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(150)
        got = out.first.evaluate(MEASURE_OUTPUT, PANEL)
        seen[i] = got
        if got["images"] or got["tables"] or "grader.check" in c["source"]:
            shoot(page, out.first, screens, f"{stem}_cell{i:02d}")
    return seen


def assert_what_a_student_sees(name: str, cells, seen: dict, solved: bool) -> None:
    where = f"{name} ({'solved' if solved else 'unanswered'})"
    for i, c in enumerate(cells):
        if c["cell_type"] != "code":
            continue
        got, src = seen[i], c["source"]
        what = f"{where}, cell {i} ({src.splitlines()[0][:60] if src else ''})"
        if re.search(r"\bplot_\w+\(", src):
            assert got["images"] >= 1, f"{what}: a plot cell shows no image"
        for t in got["tables"]:
            for a in t["cells"]:
                assert a["direction"] == "rtl", f"{what}: Arabic cell {a['text']!r} is not right to left"
                if a["head"] is not None and not t["colspan"]:
                    assert a["head"]["left"] - 1 <= a["left"] and a["right"] <= a["head"]["right"] + 1, (
                        f"{what}: Arabic cell {a['text']!r} is not under its header: {a}")
            if t["matches"]:
                assert t["scrolls"] <= 1 and t["width"] <= 1000, (
                    f"{what}: the concordance is {t['width']:.0f} px wide and scrolls by {t['scrolls']} px")
            for m in t["matches"]:
                assert t["seen"]["left"] - 1 <= m["left"] and m["right"] <= t["seen"]["right"] + 1, (
                    f"{what}: the match {m['text']!r} is outside the pane ({t['seen']}, table {t['width']:.0f} px)")
        check = re.fullmatch(r'grader\.check\("(\w+)"\)', src.strip())
        if check:
            lines = [ln for ln in got["text"].splitlines() if ln.strip()]
            assert 1 <= len(lines) <= 3, f"{what}: the check shows {len(lines)} lines: {lines[:6]}"
            if solved:
                assert "form checked" in lines[0], f"{what}: {lines[0]}"
            else:
                assert "not answered yet" in lines[0] or "not yet" in lines[0], f"{what}: {lines[0]}"
        if "otter_answer_cell" in c["metadata"].get("tags", []):
            assert "Ellipsis" not in got["text"], f"{what}: an answer cell shows Ellipsis"


NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("state", ["solved", "unanswered"])
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_plot_table_and_check_as_a_student_sees_it(lab, browser, screens, solved, name, state):
    path = f"solved/{name}" if state == "solved" else name
    cells = notebook_cells(name) if state == "unanswered" else [
        dict(c, source="".join(c["source"])) for c in
        json.loads((solved / name).read_text(encoding="utf-8"))["cells"]]
    page = open_notebook(browser, lab, path, cells=len(cells))
    try:
        menu(page, "Run", "Run All Cells")
        wait_ran(page, [i for i, c in enumerate(cells) if c["cell_type"] == "code"], timeout=RUN)
        errors = error_outputs(page)
        assert errors == [], f"{name} ({state}): cells wrote to stderr or raised:\n" + "\n---\n".join(errors)
        seen = look_at_every_output(page, cells, screens, f"all_{Path(name).stem}_{state}")
        assert_what_a_student_sees(name, cells, seen, state == "solved")
        assert any(t["cells"] for got in seen.values() for t in got["tables"]), f"{name}: no Arabic table measured"
    finally:
        page.close()


# ---------------------------------------------------------------------------
# the instructor's pages: a hand-grading sheet and the class report, opened from the file

SHEET_QUESTION = {"name": "q9", "points": 5.0, "prompt": "**Question 9.** Is الميليشيات a loaded word?",
                  "model": "**Model answer.** It may be the translation engine's word."}
SHEET_ANSWERS = {
    "arabic": {"q9": {"text": "لا تدعم المدونة هذا الادعاء: نصّا رويترز والمونيتور **مترجمان آليًا**.",
                      "blank": False, "found": True}},
    "english": {"q9": {"text": "No: الميليشيات may be the engine's word. <script>alert(1)</script>",
                       "blank": False, "found": True}},
    "blank": {"q9": {"text": "", "blank": True, "found": True}},
}
# per answer: the code, the text column's and the score field's boxes, each block's direction,
# and the boxes of the first two Arabic words of the block (a Range each, in logical order)
MEASURE_SHEET = """() => [...document.querySelectorAll('section.answer')].map(s => {
    const box = e => { const b = e.getBoundingClientRect(); return {left: b.left, right: b.right, top: b.top,
                                                                   bottom: b.bottom}; };
    const p = s.querySelector('.md p'), words = [];
    if (p) {
        const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
        let node;
        while ((node = walker.nextNode()) && words.length < 2) {
            const re = /[\\u0600-\\u06ff]+/g; let m;
            while ((m = re.exec(node.textContent)) !== null && words.length < 2) {
                const r = document.createRange(); r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
                words.push({word: m[0], ...box(r)});
            }
        }
    }
    const ar = s.querySelector('.md span.ar');
    return {code: s.dataset.code, text: box(s.querySelector('.text')), score: box(s.querySelector('.score')),
            dir: p ? getComputedStyle(p).direction : null, arDir: ar ? getComputedStyle(ar).direction : null,
            words, shown: s.querySelector('.text').innerText};
})"""


def test_a_hand_grading_sheet_in_the_browser(browser, screens, tmp_path):
    from framing.grading.sheets import read_key, write_sheets

    write_sheets(tmp_path, assignment="01_corpus", run="r1", questions=[SHEET_QUESTION], answers=SHEET_ANSWERS,
                 why={}, seed=5)
    code = {s: c for (_, c), s in read_key(tmp_path / "key.csv").items()}
    page = browser.new_page()
    problems, dialogs = [], []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.accept()))
    try:
        page.goto((tmp_path / "q9.html").as_uri())
        seen = {m["code"]: m for m in page.evaluate(MEASURE_SHEET)}
        assert set(seen) == set(code.values())
        for who, m in ((s, seen[c]) for s, c in code.items()):
            # the score field is beside its answer: to its right, starting level with it
            assert m["score"]["left"] >= m["text"]["right"] - 1, f"{who}: score field not beside the answer"
            assert m["text"]["top"] - 5 <= m["score"]["top"] <= m["text"]["bottom"], f"{who}: score field not level"
        arabic, english = seen[code["arabic"]], seen[code["english"]]
        assert arabic["dir"] == "rtl" and english["dir"] == "ltr" and english["arDir"] == "rtl"
        first, second = arabic["words"]
        assert (first["word"], second["word"]) == ("لا", "تدعم")
        assert first["left"] > second["right"] - 1 and abs(first["top"] - second["top"]) < 5, \
            "the Arabic answer's words do not run right to left"
        assert "<script>alert(1)</script>" in english["shown"]  # shown as text, not run
        assert "Not answered" in seen[code["blank"]]["shown"]
        assert page.locator("#status").inner_text() == "1 / 3 graded"  # the blank answer's 0 is filled in
        # typing is kept in the browser: a reload keeps it
        page.fill(f'#a-{code["arabic"]} .score', "4")
        page.fill(f'#a-{code["arabic"]} .comment', "جيد: يذكر الترجمة الآلية.")
        page.reload()
        assert page.input_value(f'#a-{code["arabic"]} .score') == "4"
        assert page.input_value(f'#a-{code["arabic"]} .comment') == "جيد: يذكر الترجمة الآلية."
        assert page.locator("#status").inner_text() == "2 / 3 graded"
        shoot(page, page.locator("body"), screens, "sheet_q9")
        # a score above the points is marked and not saved
        page.fill(f'#a-{code["english"]} .score', "7")
        assert "bad" in page.get_attribute(f'#a-{code["english"]} .score', "class")
        page.click("#save")
        assert dialogs and "Scores must be from 0 to 5" in dialogs[-1] and code["english"] in dialogs[-1]
        page.fill(f'#a-{code["english"]} .score', "2.5")
        with page.expect_download() as download:
            page.click("#save")
        saved = Path(download.value.path()).read_bytes()
        assert saved.startswith(b"\xef\xbb\xbf") and download.value.suggested_filename == "01_corpus-q9-scores.csv"
        lines = saved.decode("utf-8-sig").splitlines()
        assert lines[0] == "run,question,code,points,score,comment"
        assert f'r1,q9,{code["arabic"]},5,4,جيد: يذكر الترجمة الآلية.' in lines
        assert f'r1,q9,{code["english"]},5,2.5,' in lines
        # a saved file loads back into a fresh browser page (another grader's machine)
        page.evaluate("localStorage.clear()")
        page.reload()
        assert page.input_value(f'#a-{code["arabic"]} .score') == ""
        other = tmp_path / "from-a-colleague.csv"
        other.write_bytes(saved)
        page.set_input_files("#load", str(other))
        page.wait_for_function(f"document.querySelector('#a-{code['arabic']} .score').value === '4'")
        assert page.input_value(f'#a-{code["english"]} .score') == "2.5"
        assert problems == [], f"the sheet's page reported errors (its script blocked by its CSP?): {problems}"
    finally:
        page.close()


def test_the_class_report_in_the_browser(browser, screens, tmp_path):
    import pandas as pd

    from framing.grading.report import write_report

    case = lambda name, passed, message="": {"name": name, "hidden": False, "points": 1.0, "passed": passed,  # noqa
                                             "message": message}
    results = {"version": 1, "assignment": "01_corpus", "run": "r1",
               "questions": {"q1": {"possible": 2.0, "manual": False,
                                    "cases": [{"name": "q1 - 1", "hidden": False, "points": 1.0},
                                              {"name": "q1 - 2", "hidden": False, "points": 1.0}]},
                             "q9": {"possible": 5.0, "manual": True, "cases": []}},
               "students": {
                   "سارة": {"status": "ok", "questions": {
                       "q1": {"score": 1.0, "attempted": True,
                              "cases": [case("q1 - 1", True), case("q1 - 2", False, "عدد الكلمات خاطئ")]},
                       "q9": {"score": None, "attempted": True, "cases": []}}},
                   "tom": {"status": "ok", "questions": {
                       "q1": {"score": 2.0, "attempted": True, "cases": [case("q1 - 1", True), case("q1 - 2", True)]},
                       "q9": {"score": None, "attempted": False, "cases": []}}}}}
    similar = pd.DataFrame([{"question": "q9", "student_a": "tom", "student_b": "سارة", "similarity": 0.93,
                             "reason": "12 shared terms: غزو, عملية"}])
    out = write_report(results, tmp_path / "report.html", similar=similar)
    page = browser.new_page()
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    try:
        page.goto(out.as_uri())
        plot = page.locator("img").first
        assert plot.evaluate("i => i.complete && i.naturalWidth > 300"), "the plot did not load (CSP, or no image)"
        name = page.locator("[dir=auto]", has_text="سارة").first
        assert name.evaluate("e => getComputedStyle(e).direction") == "rtl"
        message = page.locator("[dir=auto]", has_text="عدد الكلمات خاطئ").first
        assert message.evaluate("e => getComputedStyle(e).direction") == "rtl"
        assert "never a penalty" in page.inner_text("body")
        shoot(page, page.locator("body"), screens, "class_report")
        assert problems == [], f"the report reported errors: {problems}"
    finally:
        page.close()


def test_the_coding_form_in_jupyterlab(lab, browser, screens):
    """Notebook 06's form as a student uses it: Arabic right to left, a tick, Save and next, the file written."""
    name = "06_validating.ipynb"
    saved = Path(lab.root) / "my_codes.csv"
    saved.unlink(missing_ok=True)
    page = open_notebook(browser, lab, name)
    try:
        menu(page, "Run", "Run All Cells")
        first = page.locator(f"{PANEL} .widget-html", has_text="Paragraph 1 of 16").first
        first.wait_for(timeout=RUN)
        first.scroll_into_view_if_needed()
        text = page.locator(f"{PANEL} .widget-html [dir=rtl]").first
        assert text.evaluate("e => getComputedStyle(e).direction") == "rtl"
        assert text.inner_text().strip() == "رمزية"  # reuters_2023#14, the sample's first paragraph
        boxes = page.locator(f"{PANEL} .widget-checkbox input")
        assert boxes.count() == 4
        boxes.nth(3).check()
        page.locator(f"{PANEL} .widget-dropdown select").first.select_option(label="none of these")
        page.locator(f"{PANEL} button", has_text="Save and next").click()
        page.locator(f"{PANEL} .widget-html", has_text="Paragraph 2 of 16").first.wait_for(timeout=STEP)
        page.locator(f"{PANEL} .widget-html", has_text="1 of 16 coded").first.wait_for(timeout=STEP)
        shoot(page, page.locator(f"{PANEL} .widget-vbox").first, screens, "coding_form")
        rows = saved.read_text(encoding="utf-8-sig").splitlines()
        assert rows[0].startswith("unit,doc_id,paragraph,text,coder,war_invasion,presence,withdrawal,iran_influence")
        assert rows[1].startswith("reuters_2023#14,") and rows[1].endswith(",0,0,0,1,none")
    finally:
        page.close()
        saved.unlink(missing_ok=True)


def test_a_document_to_read_in_the_browser(browser, screens, tmp_path, corpus):
    """framing.read: paragraphs right to left, hits marked, the words before a match on its right."""
    import framing

    page_file = tmp_path / "read.html"
    html = framing.read(corpus, "reuters_2023", lexicon="seeds")._repr_html_()
    page_file.write_text(f'<!doctype html><meta charset="utf-8"><body>{html}</body>', encoding="utf-8")
    page = browser.new_page()
    try:
        page.goto(page_file.as_uri())
        first = page.locator("div[dir=rtl] p[id$='-1']")
        assert first.evaluate("e => getComputedStyle(e).direction") == "rtl"
        number, mark = first.locator("small").first.bounding_box(), first.locator("mark").first.bounding_box()
        assert number["x"] > mark["x"], "the paragraph number is not at the right, where an Arabic line starts"
        row = page.locator("table[dir=rtl] tbody tr").first
        before, match = row.locator("td").nth(2).bounding_box(), row.locator("td").nth(3).bounding_box()
        assert before["x"] > match["x"], "the words before the match are not on its right"
        shoot(page, page.locator("body"), screens, "read_reuters")
    finally:
        page.close()
