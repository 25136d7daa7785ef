"""The offline JupyterLite site in a real browser, with nothing but 127.0.0.1 (issue 15).

The site is built with ``framing lite --pyodide DIR``: Pyodide's core comes from
the npm package (``npm pack pyodide@314.0.6``, once, into the user's cache next
to the Lite wheels), and is served with ``python -m http.server`` on 127.0.0.1,
as lite/README.md tells a teacher to. Debian's chromium, driven by Playwright,
aborts every request that leaves 127.0.0.1 (and ``laptop.test``, a name mapped
to it to stand for a teacher's laptop seen from another machine).

Pyodide's compiled wheels (numpy, pandas, matplotlib, scikit-learn...) are only
on Pyodide's CDN, which these machines cannot reach; so by default the site is
built with ``--missing-ok`` and the tests check what a student then sees: the
start page saying what is missing, the kernel reaching Idle from the site's own
files, the install cell naming what it lacks, and the kit (which imports
without them) installed from the site's ``pypi/`` with its self-checks passing
and failing as in JupyterLab.

With ``FRAMING_PYODIDE_DIR`` set to a folder filled on a machine with internet
(``framing lite --pyodide DIR --fetch``), the site is built from it without
``--missing-ok``, and notebooks 01 and 03 are run whole instead: no error, KWIC
tables right to left, the dispersion plot drawn. That path has not been run on
these machines (they cannot fill such a folder).

Screenshots go to ``tests/_screens/lite_*.png``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import ssl
import subprocess
import sys
import time
import urllib.request

import pytest

from framing.cli import main
from framing.lite import MARKER, default_wheel_cache
from framing.lite.offline import PYODIDE_VERSION, fetch_pyodide
from test_browser import (CHROMIUM, CHROMIUM_ARGS, HAVE_PLAYWRIGHT, PANEL, cell, check_rtl_table, error_outputs,
                          STEP, menu, notebook_cells, prompt_of, wait_idle, wait_ran)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="real-browser test: no chromium; `apt-get install chromium`"),
    pytest.mark.skipif(not HAVE_PLAYWRIGHT,
                       reason='real-browser test: no playwright package; pip install -e ".[test]"'),
]

KERNEL = 300_000   # ms: Pyodide's first start from the site (20 to 60 s here, more on a loaded machine)
INSTALL = 180_000  # ms: the install cell, and piplite
FULL = os.environ.get("FRAMING_PYODIDE_DIR")
#: Pyodide's compiled packages the kit needs, which only Pyodide's own distribution has
COMPILED = ["contourpy", "kiwisolver", "matplotlib", "numpy", "pandas", "pillow", "pyyaml", "regex", "scikit-learn",
            "scipy"]
HOSTS = re.compile(r"^(https?://(127\.0\.0\.1|laptop\.test)(:\d+)?/|data:|blob:|file:)")


@pytest.fixture(scope="module")
def pyodide():
    if FULL:
        return FULL
    folder = default_wheel_cache().parent / f"pyodide-{PYODIDE_VERSION}"
    if not (folder / "pyodide-lock.json").is_file():
        if os.environ.get("FRAMING_OFFLINE") == "1":
            pytest.skip(f"FRAMING_OFFLINE=1 and Pyodide's core is not in {folder} yet")
        if shutil.which("npm") is None:
            if os.environ.get("CI"):
                pytest.fail("CI must have npm (for Pyodide's core): .ci/run installs it with apt-get")
            pytest.skip("no npm: it brings Pyodide's core (npm pack pyodide); apt-get install npm")
        fetch_pyodide(folder, base_url=None)
    return folder


@pytest.fixture(scope="module")
def site(pyodide, tmp_path_factory):
    out = tmp_path_factory.mktemp("lite-offline") / "site"
    assert main(["lite", "--out", str(out), "--pyodide", str(pyodide)] + ([] if FULL else ["--missing-ok"])) == 0
    return out


@pytest.fixture(scope="module")
def served(site):
    """The site served as lite/README.md says: python -m http.server, on this machine."""
    proc, port = _serve([sys.executable, "-u", "-m", "http.server", "-b", "127.0.0.1", "-d", str(site), "0"],
                        "http", "python -m http.server")
    yield port
    proc.terminate()
    proc.wait(timeout=30)


def _openssl(*args, data=None):
    done = subprocess.run(["openssl", *args], input=data, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return done.stdout


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A certificate for laptop.test, and its public key's sha256 (base64) for chromium to trust it.

    It stands for a certificate the students' browsers trust (an institution's, or one for a
    name the teacher owns): chromium's --ignore-certificate-errors-spki-list treats a
    certificate with that key as valid, so the page is a secure context.
    """
    if shutil.which("openssl") is None:
        return None  # the https test fails in CI, or skips, saying why; the others run
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=laptop.test",
             "-addext", "subjectAltName=DNS:laptop.test", "-keyout", str(key), "-out", str(cert))
    public = _openssl("x509", "-in", str(cert), "-pubkey", "-noout")
    der = _openssl("pkey", "-pubin", "-outform", "der", data=public)
    return cert, key, base64.b64encode(hashlib.sha256(der).digest()).decode()


HTTPS_SERVER = """
import functools, http.server, ssl, sys
site, cert, key = sys.argv[1:]
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=site)
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
server.socket = context.wrap_socket(server.socket, server_side=True)
print("Serving HTTPS on 127.0.0.1 port", server.server_address[1], flush=True)
server.serve_forever()
"""


def _serve(command, scheme, what):
    """Start a server that picks its own free port (no race with another process for one) and
    says it on its first line ("Serving HTTP on 127.0.0.1 port N ..."); return it and its port."""
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            start_new_session=True)
    line = proc.stdout.readline()
    found = re.search(r" port (\d+)", line)
    if not found:
        proc.kill()
        pytest.fail(f"{what} did not start: its first line was {line!r}")
    port = int(found[1])
    url = f"{scheme}://127.0.0.1:{port}/framing-lite.json"
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5, context=context):
                return proc, port
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"{what} did not answer on {url}")
            time.sleep(0.2)


@pytest.fixture(scope="module")
def served_https(site, certificate):
    """The site over https, as from a teacher's laptop with a certificate the browsers trust."""
    if certificate is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have openssl (for the https test): .ci/run installs it with apt-get")
        pytest.skip("no openssl (it makes the https test's certificate): apt-get install openssl")
    cert, key, _ = certificate
    proc, port = _serve([sys.executable, "-u", "-c", HTTPS_SERVER, str(site), str(cert), str(key)],
                        "https", "an https server")
    yield port
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def browser(tmp_path_factory, certificate):
    """Debian's chromium with only this machine to talk to (and laptop.test, mapped to it)."""
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("lite-chromium")
    blocked = []

    def route(r):
        if HOSTS.match(r.request.url):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, timeout=60_000, locale="en-US",
            args=CHROMIUM_ARGS + ["--host-resolver-rules=MAP laptop.test 127.0.0.1"]
            + ([f"--ignore-certificate-errors-spki-list={certificate[2]}"] if certificate else []),
            viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(30_000)
        context.route("**/*", route)
        context.blocked = blocked
        try:
            yield context
        finally:
            context.close()


def start_page(browser, url, screens, stem):
    page = browser.new_page()
    page.goto(url)
    page.wait_for_selector("body[data-checked=yes]", timeout=30_000)
    page.screenshot(path=str(screens / f"{stem}.png"), full_page=True)
    lines = page.eval_on_selector_all("#checks li", "els => els.map(e => [e.className, e.textContent])")
    links = page.eval_on_selector_all("a[href*='.ipynb']", "els => els.map(e => e.getAttribute('href'))")
    page.close()
    return lines, links


def test_the_start_page_on_localhost_says_python_comes_from_the_site(browser, served, site, screens):
    asked_before = len(browser.blocked)
    lines, links = start_page(browser, f"http://127.0.0.1:{served}/", screens, "lite_start_localhost")
    assert lines[0] == ["ok", "Served over localhost: the notebooks can read their files."], lines
    if FULL:
        assert lines[1:] == [["ok", "Python comes from this site itself (the offline build): no internet "
                                    "connection needed."]], lines
    else:
        assert lines[1:] == [["fail", f"This is the offline build (nothing is downloaded), but it was built without "
                                      f"{', '.join(COMPILED)}: the notebooks will stop at their first cell. Ask your "
                                      "instructor to build it again with them (framing lite --pyodide DIR --fetch, on "
                                      "a machine with internet)."]], lines
    notebooks = sorted(p.name for p in (site / "files" / "notebooks").glob("*.ipynb"))
    assert len(notebooks) >= 6 and all(any(n in href for href in links) for n in notebooks), (notebooks, links)
    assert browser.blocked[asked_before:] == [], f"the start page asked for {browser.blocked[asked_before:]}"


def test_the_start_page_from_another_machine_over_plain_http_says_what_is_lost(browser, served, screens):
    lines, _ = start_page(browser, f"http://laptop.test:{served}/", screens, "lite_start_laptop_http")
    level, text = lines[0]
    assert level == "warn" and text.startswith(
        f"This page came over plain http from another computer (laptop.test:{served}), so the browser gives it "
        "no service worker: Python starts and the self-checks work, but"), lines


def test_from_another_machine_over_plain_http_the_checks_read_the_sites_copy(browser, served, screens):
    # No service worker: the kernel cannot see the notebooks' folder, and reads the site's copy.
    page, source, said = check_q1(browser, f"http://laptop.test:{served}")
    page.screenshot(path=str(screens / "lite_01_laptop_http.png"))
    page.close()
    assert source == f"http://laptop.test:{served}/files/notebooks/01_corpus.ipynb", source
    assert re.fullmatch(PASSED, said), said


def test_from_another_machine_over_https_the_checks_read_the_notebook(browser, served_https, screens):
    base = f"https://laptop.test:{served_https}"
    lines, _ = start_page(browser, base + "/", screens, "lite_start_laptop_https")
    assert lines[0] == ["ok", "Served over https: the notebooks can read their files."], lines
    page, source, said = check_q1(browser, base)
    page.screenshot(path=str(screens / "lite_01_laptop_https.png"))
    page.close()
    assert source == "/drive/notebooks/01_corpus.ipynb", source  # from its folder, not the site's copy
    assert re.fullmatch(PASSED, said), said


def test_the_start_page_opened_as_a_file_says_to_serve_it(browser, site, screens):
    lines, _ = start_page(browser, (site / "index.html").as_uri(), screens, "lite_start_file")
    assert len(lines) == 1 and lines[0][0] == "fail", lines
    assert lines[0][1].startswith("This page was opened as a file (file://), and JupyterLite does not work that way")
    assert "python -m http.server" in lines[0][1]


def open_lite(browser, base, name):
    page = browser.new_page()
    page.goto(f"{base}/lab/index.html?path=notebooks/{name}", timeout=60_000)
    n = len(notebook_cells(name))
    page.wait_for_function("([panel, n]) => document.querySelectorAll(panel + ' .jp-Notebook .jp-Cell').length === n",
                           arg=[PANEL, n], timeout=KERNEL)
    wait_idle(page, KERNEL)
    return page


def replace_source(page, index, lines):
    """Click into a cell's editor, select all and type ``lines`` (inserted as typed text, one per line)."""
    cell(page, index).locator(".cm-content").click()
    page.keyboard.press("Control+a")
    for k, line in enumerate(lines):
        if k:
            page.keyboard.press("Enter")
            page.keyboard.press("Home")  # no auto-indent carried over
        page.keyboard.insert_text(line)
    assert cell(page, index).locator(".cm-content").inner_text().strip().splitlines() == lines


def run(page, indexes):
    """Run cells ``indexes`` (consecutive) with Shift+Enter from the first, and wait for their prompts."""
    before = [prompt_of(page, i) for i in indexes]
    cell(page, indexes[0]).locator(".cm-content").click()
    for _ in indexes:
        page.keyboard.press("Shift+Enter")
    wait_ran(page, indexes, before, timeout=INSTALL)


def output(page, index) -> str:
    return "\n".join(cell(page, index).locator(".jp-OutputArea-output").all_inner_texts())


PASSED = r"q1: form checked \(\d+ public checks? passed\); the value is checked when your work is graded\."


def q1_cells(name="01_corpus.ipynb"):
    cells = notebook_cells(name)
    answer = next(i for i, c in enumerate(cells) if c["source"].startswith("q1_mt = ..."))
    assert cells[answer + 1]["source"].strip() == 'grader.check("q1")'
    return answer


def check_q1(browser, base):
    """Open notebook 01 from ``base``, install the kit alone (no dependencies: it imports without
    them) and answer question 1 rightly; return the page and what grader.check("q1") says."""
    answer = q1_cells()
    page = open_lite(browser, base, "01_corpus.ipynb")
    replace_source(page, answer, [
        "import piplite",
        'await piplite.install("framing", deps=False)',
        "from framing.selfcheck import Checks",
        'grader = Checks("01_corpus")',
        'q1_mt = {"afp_fr_2023", "unknown_2021"}',
        'q1_high_mt = "afp_fr_2023"',
        'print("checks from", grader.source)',
    ])
    run(page, [answer, answer + 1])
    source = re.fullmatch(r"checks from (\S+)", output(page, answer).strip())
    assert source, output(page, answer)
    return page, source[1], output(page, answer + 1).strip()


@pytest.mark.skipif(bool(FULL), reason="FRAMING_PYODIDE_DIR is set: the whole notebooks are run instead")
def test_without_the_compiled_wheels_the_first_cell_says_so_and_the_kit_still_checks(browser, served, screens):
    name = "01_corpus.ipynb"
    answer = q1_cells(name)
    asked_before = len(browser.blocked)
    started = time.monotonic()
    page = open_lite(browser, f"http://127.0.0.1:{served}", name)
    kernel_s = time.monotonic() - started
    page.screenshot(path=str(screens / "lite_01_idle.png"))

    run(page, [0])
    said = output(page, 0)
    page.screenshot(path=str(screens / "lite_01_install_cell.png"))
    assert "RuntimeError: The install did not work: numpy (ModuleNotFoundError), pandas (ModuleNotFoundError), " \
           "matplotlib (ModuleNotFoundError), sklearn (ModuleNotFoundError), yaml (ModuleNotFoundError)" in said, said
    assert "PiplitePyPIDisabled" in said, said
    assert f"This offline site was built without {', '.join(COMPILED)}: ask your instructor to build it again " \
           "with them" in said, said

    # The kit itself needs none of them to install, normalise and check a student's answer.
    replace_source(page, answer, [
        "import piplite",
        'await piplite.install("framing", deps=False)',
        "import framing",
        "from framing.selfcheck import Checks",
        'grader = Checks("01_corpus")',
        'print("normalised:", framing.normalize("صدّام"), framing.__file__)',
        'q1_mt = {"afp_fr_2023", "unknown_2021"}',
        'q1_high_mt = "reuters_2023"',
    ])
    run(page, [answer, answer + 1])
    installed = output(page, answer)
    assert re.search(r"^normalised: صدام /lib/python3\.\d+/site-packages/framing/__init__\.py$", installed, re.M), \
        installed
    failed = output(page, answer + 1).strip().splitlines()
    assert failed[0] == "q1: not yet. q1_high_mt must be machine-translated, so it must also be in your q1_mt", failed
    page.screenshot(path=str(screens / "lite_01_check_failed.png"))

    replace_source(page, answer, ['q1_mt = {"afp_fr_2023", "unknown_2021"}', 'q1_high_mt = "afp_fr_2023"'])
    run(page, [answer, answer + 1])
    assert re.fullmatch(PASSED, output(page, answer + 1).strip()), output(page, answer + 1)
    page.screenshot(path=str(screens / "lite_01_check_passed.png"))
    page.close()
    # Everything the kernel and the kit loaded came from the site. What was tried outside, and
    # aborted, is lookups in PyPI's index: when piplite gives up on the first package the site
    # lacks (PiplitePyPIDisabled), micropip's other resolver tasks are still running, no longer
    # under piplite's patch, and ask PyPI for theirs. Offline those fail at once and change nothing.
    lookup = re.compile(r"https://pypi\.org/simple/[a-z0-9-]+/")
    outside = [u for u in browser.blocked[asked_before:] if not lookup.fullmatch(u)]
    assert outside == [], f"the notebook asked for {outside}"
    print(f"kernel idle after {kernel_s:.0f} s; PyPI lookups aborted: {browser.blocked[asked_before:]}")


def test_the_widgets_of_the_coding_form_work_offline(browser, served, screens):
    # Notebook 06's coding form (framing.coding_form) is ipywidgets: the site has the widgets' lab
    # extension and the wheels of ipywidgets and what it requires. The form itself also needs pandas,
    # which an offline site built --missing-ok lacks; its widgets, a tick box per frame, a dropdown
    # and a button, are drawn and answer here.
    name = "06_validating.ipynb"
    asked_before = len(browser.blocked)
    form = next(i for i, c in enumerate(notebook_cells(name)) if "framing.coding_form(" in c["source"])
    page = open_lite(browser, f"http://127.0.0.1:{served}", name)
    replace_source(page, form, [
        "import piplite",
        'await piplite.install("ipywidgets")',
        "import ipywidgets as w",
        'box = w.Checkbox(description="War as invasion (war_invasion)", indent=False)',
        'primary = w.Dropdown(options=[("(not chosen)", ""), ("none of these", "none")], description="Primary frame:")',
        'button = w.Button(description="Save and next")',
        "said = w.Label()",  # what the kernel saw, drawn back (a callback's print goes to the log, not the cell)
        'button.on_click(lambda _: setattr(said, "value", f"saved: {box.value} {primary.value!r}"))',
        "w.VBox([box, primary, button, said])",
    ])
    run(page, [form])
    out = cell(page, form).locator(".jp-OutputArea-output")
    out.locator(".widget-checkbox input[type=checkbox]").click()
    out.locator("button", has_text="Save and next").click()
    out.get_by_text("saved: True ''").wait_for(timeout=STEP)  # the tick reached the kernel, its answer the page
    page.screenshot(path=str(screens / "lite_06_widgets.png"))
    assert out.locator(".widget-dropdown select").count() == 1
    page.close()
    lookup = re.compile(r"https://pypi\.org/simple/[a-z0-9-]+/")  # piplite's leftover lookups, as above
    outside = [u for u in browser.blocked[asked_before:] if not lookup.fullmatch(u)]
    assert outside == [], f"the notebook asked for {outside}"


@pytest.mark.skipif(not FULL, reason="set FRAMING_PYODIDE_DIR to a Pyodide folder with its wheels "
                                     "(framing lite --pyodide DIR --fetch) to run whole notebooks offline")
@pytest.mark.parametrize("name", ["01_corpus.ipynb", "03_kwic.ipynb"])
def test_with_the_wheels_a_notebook_runs_whole_offline(browser, served, screens, name):
    cells = notebook_cells(name)
    code = [i for i, c in enumerate(cells) if c["cell_type"] == "code"]
    asked_before = len(browser.blocked)
    page = open_lite(browser, f"http://127.0.0.1:{served}", name)
    menu(page, "Run", "Run All Cells")
    wait_ran(page, code, timeout=KERNEL + INSTALL)
    page.screenshot(path=str(screens / f"lite_{name[:-6]}_ran.png"))
    errors = error_outputs(page)
    assert errors == [], "cells wrote to stderr or raised:\n" + "\n---\n".join(errors)
    assert output(page, 0).strip().startswith("framing is installed"), output(page, 0)
    if name.startswith("03"):
        tables = [i for i in code if cell(page, i).locator('.jp-OutputArea-output table[dir="rtl"]').count()]
        assert len(tables) >= 5, tables
        for i in tables:
            check_rtl_table(cell(page, i).locator(".jp-OutputArea-output").last, None, f"Lite, cell {i}")
        plot = next(i for i in code if cells[i]["source"].strip() == "fig = plot_dispersion(where)")
        img = cell(page, plot).locator(".jp-OutputArea-output img")
        assert img.count() == 1 and img.evaluate("i => i.naturalWidth") >= 400, "no dispersion plot drawn"
    page.close()
    assert browser.blocked[asked_before:] == [], f"the notebook asked for {browser.blocked[asked_before:]}"


def test_the_offline_site_lists_what_it_lacks(site):
    made = json.loads((site / MARKER).read_text(encoding="utf-8"))
    assert made["offline"]["missing"] == ([] if FULL else COMPILED)
    config = json.loads((site / "jupyter-lite.json").read_text(encoding="utf-8"))["jupyter-config-data"]
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.mjs" and kernel["disablePyPIFallback"] is True
    lock = json.loads((site / "static" / "pyodide" / "pyodide-lock.json").read_text(encoding="utf-8"))
    assert {"micropip", "ipython", "jedi"} <= set(lock["packages"])
    assert not set(COMPILED) & set(lock["packages"]) or FULL
    for entry in lock["packages"].values():
        assert (site / "static" / "pyodide" / entry["file_name"]).is_file(), entry["file_name"]
