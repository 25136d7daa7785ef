"""The offline build's checks (framing.lite.offline), on a small Pyodide folder made here.

The folder holds a lock in Pyodide's format (name, version, file_name, sha256,
depends), dummy core files and tiny wheels; the expected hashes are hashlib's
of the bytes written here, and the expected package lists are read off the
lock below by hand. Nothing here reaches the network: pip (for a pure wheel
not in the folder) is replaced where a test would call it, and ``--fetch`` is
pointed at a server on 127.0.0.1. The build with Pyodide's real core is in
tests/test_lite_browser.py.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import sys
import threading
import zipfile
from pathlib import Path

import pytest

from framing.cli import main
from framing.errors import FramingError
from framing.lite import offline

NUMPY = "numpy-2.2.5-cp314-cp314-pyodide_2025_0_wasm32.whl"
PANDAS = "pandas-2.3.3-cp314-cp314-pyodide_2025_0_wasm32.whl"

#: name -> (file name, depends), in Pyodide's lock format
LOCK = {
    "micropip": ("micropip-0.11.1-py3-none-any.whl", ["packaging"]),
    "packaging": ("packaging-26.1-py3-none-any.whl", []),
    "ipython": ("ipython-9.12.0-py3-none-any.whl", ["traitlets"]),
    "traitlets": ("traitlets-5.14.3-py3-none-any.whl", []),
    "jedi": ("jedi-0.19.2-py2.py3-none-any.whl", ["parso"]),
    "parso": ("parso-0.8.6-py2.py3-none-any.whl", []),
    "numpy": (NUMPY, []),
    "pandas": (PANDAS, ["numpy", "python-dateutil"]),
    "python-dateutil": ("python_dateutil-2.9.0.post0-py2.py3-none-any.whl", []),
    "scipy": ("scipy-1.16.2-cp314-cp314-pyodide_2025_0_wasm32.whl", ["numpy"]),  # nobody needs it
}
#: what the kernel needs (micropip, ipython, jedi and their depends) and the kit's wheel (pandas and its)
NEEDED = ["ipython", "jedi", "micropip", "numpy", "packaging", "pandas", "parso", "python-dateutil", "traitlets"]


def sha(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def make_wheel(path: Path, requires=()) -> Path:
    """A wheel holding only its METADATA: the same bytes every time (a fixed date in the zip, not the clock's,
    whose 2-second steps made a wheel made again a second later differ from the lock's sha256)."""
    name, version = path.name.split("-")[:2]
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo(f"{name}-{version}.dist-info/METADATA", date_time=(1980, 1, 1, 0, 0, 0)),
                    f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
                    + "".join(f"Requires-Dist: {r}\n" for r in requires))
    return path


@pytest.fixture()
def pyodide(tmp_path):
    """A Pyodide folder with its core and every wheel of the lock, each with the lock's sha256."""
    folder = tmp_path / "pyodide"
    folder.mkdir()
    for name in offline.CORE_FILES:
        if name != "pyodide-lock.json":
            (folder / name).write_bytes(f"core file {name}".encode())
    (folder / "package.json").write_text(json.dumps({"name": "pyodide", "version": offline.PYODIDE_VERSION}))
    packages = {}
    for name, (file_name, depends) in LOCK.items():
        wheel = make_wheel(folder / file_name)
        version = file_name.split("-")[1]
        packages[name] = {"name": name, "version": version, "file_name": file_name, "sha256": sha(wheel),
                          "depends": depends, "imports": [name]}
    (folder / "pyodide-lock.json").write_text(json.dumps({"info": {"version": offline.PYODIDE_VERSION},
                                                          "packages": packages}))
    return folder


@pytest.fixture()
def kit(tmp_path):
    """The kit's wheel: it needs pandas in the browser, and seaborn only off it (a marker)."""
    (tmp_path / "wheels").mkdir()
    return make_wheel(tmp_path / "wheels" / "framing-0.1.0-py3-none-any.whl",
                      ["pandas>=2", 'seaborn>=0.13; sys_platform != "emscripten"', "framing-extra ; extra == 'x'"])


@pytest.fixture()
def no_pip(monkeypatch):
    """pip finds nothing (as for a package that is not on PyPI): no test here goes to the network."""
    calls = []

    def command(dest, specs):
        calls.append(list(specs))
        return [sys.executable, "-c", "pass"]

    monkeypatch.setattr(offline, "pip_download_command", command)
    return calls


def read(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


# ---------------------------------------------------------------- what is needed


def test_needed_packages_are_the_kernels_and_the_kits_with_their_depends(pyodide, kit):
    assert offline.needed_packages(offline.read_lock(pyodide), [kit]) == NEEDED


def test_the_kernel_alone_needs_no_numpy(pyodide):
    assert offline.needed_packages(offline.read_lock(pyodide)) == [
        "ipython", "jedi", "micropip", "packaging", "parso", "traitlets"]


def test_a_requirement_pyodide_does_not_have_is_named(pyodide, tmp_path):
    wheel = make_wheel(tmp_path / "framing-0.1.0-py3-none-any.whl", ["pandas", "arabic-reshaper>=3"])
    with pytest.raises(FramingError, match=r"^arabic-reshaper: the site needs it, and it is neither in Pyodide "):
        offline.needed_packages(offline.read_lock(pyodide), [wheel])


# ---------------------------------------------------------------- staging


def test_stage_ships_what_is_needed_and_lists_only_that(pyodide, kit, tmp_path, no_pip):
    dest = tmp_path / "site" / "static" / "pyodide"
    staged = offline.stage_pyodide(pyodide, dest, [kit])
    assert staged == offline.Staged(NEEDED, [], [])
    lock = read(dest / "pyodide-lock.json")
    assert sorted(lock["packages"]) == NEEDED
    assert lock["info"] == {"version": offline.PYODIDE_VERSION}
    for name, entry in lock["packages"].items():
        assert entry["file_name"] == LOCK[name][0]
        assert entry["sha256"] == sha(dest / entry["file_name"]) == sha(pyodide / LOCK[name][0])
    assert not (dest / LOCK["scipy"][0]).exists()
    for name in offline.CORE_FILES[:-1]:
        assert (dest / name).read_bytes() == f"core file {name}".encode()
    assert read(dest / "package.json")["version"] == offline.PYODIDE_VERSION
    assert no_pip == []


def test_a_wheel_with_another_sha256_stops_the_build_naming_it(pyodide, kit, tmp_path, no_pip):
    (pyodide / LOCK["parso"][0]).unlink()  # a pure wheel to take from PyPI: not before the folder is right
    bad = pyodide / NUMPY
    bad.write_bytes(b"a truncated download")
    dest = tmp_path / "site" / "static" / "pyodide"
    with pytest.raises(FramingError) as err:
        offline.stage_pyodide(pyodide, dest, [kit])
    locked = read(pyodide / "pyodide-lock.json")["packages"]["numpy"]["sha256"]
    assert f"{bad} (sha256 {hashlib.sha256(b'a truncated download').hexdigest()}, the lock says {locked})" \
        in str(err.value)
    assert "delete them and fetch them again" in str(err.value)
    assert not dest.exists()
    assert no_pip == []


def test_a_missing_compiled_wheel_is_named_with_how_to_get_it(pyodide, kit, tmp_path, no_pip):
    (pyodide / PANDAS).unlink()
    (pyodide / NUMPY).unlink()
    dest = tmp_path / "site" / "static" / "pyodide"
    with pytest.raises(FramingError) as err:
        offline.stage_pyodide(pyodide, dest, [kit])
    message = str(err.value)
    assert f"{pyodide}: 2 Pyodide wheels the notebooks need are missing: {NUMPY}, {PANDAS}." in message
    assert f"framing lite --pyodide {pyodide} --fetch" in message
    assert not dest.exists()
    assert no_pip == []  # a compiled wheel is never looked for on PyPI


def test_missing_ok_builds_without_them_and_says_which(pyodide, kit, tmp_path, no_pip):
    (pyodide / PANDAS).unlink()
    dest = tmp_path / "static" / "pyodide"
    staged = offline.stage_pyodide(pyodide, dest, [kit], missing_ok=True)
    assert staged.missing == ["pandas"]
    assert staged.shipped == [n for n in NEEDED if n != "pandas"]
    assert "pandas" not in read(dest / "pyodide-lock.json")["packages"]


def test_a_pure_wheel_not_in_the_folder_comes_from_pypi_with_its_own_sha256(pyodide, kit, tmp_path, no_pip):
    (pyodide / LOCK["parso"][0]).unlink()
    pypi = pyodide / offline.FROM_PYPI
    pypi.mkdir()
    # PyPI's build of the same version: same name, other bytes than Pyodide's
    wheel = make_wheel(pypi / LOCK["parso"][0], ["no-such-dependency"])
    dest = tmp_path / "static" / "pyodide"
    staged = offline.stage_pyodide(pyodide, dest, [kit])
    assert staged.from_pypi == ["parso"] and staged.shipped == NEEDED
    entry = read(dest / "pyodide-lock.json")["packages"]["parso"]
    assert entry["sha256"] == sha(wheel) != read(pyodide / "pyodide-lock.json")["packages"]["parso"]["sha256"]
    assert (dest / entry["file_name"]).read_bytes() == wheel.read_bytes()
    assert no_pip == []  # it was already there: pip is not run again


def test_a_pure_wheel_pip_cannot_find_is_missing_by_name(pyodide, kit, tmp_path, no_pip):
    (pyodide / LOCK["parso"][0]).unlink()
    with pytest.raises(FramingError, match=r"1 Pyodide wheels the notebooks need are missing: parso-0\.8\.6-"):
        offline.stage_pyodide(pyodide, tmp_path / "dest", [kit])
    assert no_pip == [["parso==0.8.6"]]  # asked for at the lock's version


def test_pip_downloads_pure_wheels_for_pyodides_python():
    command = offline.pip_download_command("w", ["six==1.17.0"])
    assert command[:4] == [sys.executable, "-m", "pip", "download"]
    at = command.index("--python-version")
    assert command[at + 1] == offline.PYODIDE_PYTHON
    assert "--only-binary=:all:" in command and "--no-deps" in command


# ---------------------------------------------------------------- the lock


def test_no_lock_says_how_to_get_pyodides_core(tmp_path):
    with pytest.raises(FramingError) as err:
        offline.read_lock(tmp_path)
    assert str(err.value).startswith(f"{tmp_path / 'pyodide-lock.json'}: no such file.")
    assert f"npm pack pyodide@{offline.PYODIDE_VERSION}" in str(err.value)


def test_another_pyodide_version_is_refused(pyodide):
    (pyodide / "package.json").write_text(json.dumps({"name": "pyodide", "version": "0.27.7"}))
    with pytest.raises(FramingError, match=rf"package\.json: Pyodide 0\.27\.7, but the site's kernel loads "
                                           rf"Pyodide {offline.PYODIDE_VERSION}"):
        offline.read_lock(pyodide)


def test_a_core_that_is_not_whole_is_named(pyodide):
    (pyodide / "pyodide.asm.wasm").unlink()
    with pytest.raises(FramingError, match=r"Pyodide's core is not whole, pyodide\.asm\.wasm missing"):
        offline.read_lock(pyodide)


def test_a_lock_that_is_not_json_is_named(pyodide):
    (pyodide / "pyodide-lock.json").write_text('{"packages": ')
    with pytest.raises(FramingError, match=r"pyodide-lock\.json: not a Pyodide lock file \(JSONDecodeError"):
        offline.read_lock(pyodide)


# ---------------------------------------------------------------- fetching


class Served:
    """A folder served on 127.0.0.1 in a thread, with the paths asked for."""

    def __init__(self, folder: Path):
        asked = self.asked = []

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                asked.append(self.path)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                      functools.partial(Handler, directory=str(folder)))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/full/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture()
def cdn(tmp_path, pyodide, monkeypatch):
    """A copy of the wheels of the Pyodide folder, served; the folder keeps only the core and the lock."""
    for name in ("no_proxy", "NO_PROXY"):  # a proxy set for the registries must not get these requests
        monkeypatch.setenv(name, "127.0.0.1,localhost")
    served = tmp_path / "cdn" / "full"
    served.mkdir(parents=True)
    for file_name, _ in LOCK.values():
        (pyodide / file_name).rename(served / file_name)
    server = Served(served.parent)
    server.folder = served
    yield server
    server.close()


def test_fetch_brings_each_needed_wheel_checked_and_keeps_none_that_is_wrong(pyodide, kit, cdn):
    (cdn.folder / PANDAS).write_bytes(b"not pandas")      # a corrupt file on the mirror
    (cdn.folder / LOCK["jedi"][0]).unlink()                # and one it lacks
    (pyodide / LOCK["micropip"][0]).write_bytes((cdn.folder / LOCK["micropip"][0]).read_bytes())  # already here
    with pytest.raises(FramingError) as err:
        offline.fetch_pyodide(pyodide, [kit], base_url=cdn.url)
    message = str(err.value)
    locked = read(pyodide / "pyodide-lock.json")["packages"]
    assert message.startswith(f"2 of Pyodide's wheels could not be fetched into {pyodide}: ")
    assert (f"{cdn.url}{PANDAS}: sha256 {hashlib.sha256(b'not pandas').hexdigest()}, the lock says "
            f"{locked['pandas']['sha256']} (not kept)") in message
    assert f"{cdn.url}{LOCK['jedi'][0]}: HTTP 404 File not found" in message
    assert not (pyodide / PANDAS).exists() and not list(pyodide.glob("*.part"))
    for name in ("numpy", "parso", "ipython"):  # the ones that came are kept, checked
        assert sha(pyodide / LOCK[name][0]) == locked[name]["sha256"]
    assert f"/full/{LOCK['micropip'][0]}" not in cdn.asked
    assert f"/full/{LOCK['scipy'][0]}" not in cdn.asked  # not needed

    # the mirror mended: a second run asks only for what is still missing
    make_wheel(cdn.folder / LOCK["jedi"][0])
    (cdn.folder / PANDAS).unlink()
    make_wheel(cdn.folder / PANDAS)
    cdn.asked.clear()
    got = offline.fetch_pyodide(pyodide, [kit], base_url=cdn.url)
    assert sorted(p.name for p in got) == sorted([PANDAS, LOCK["jedi"][0]])
    assert sorted(cdn.asked) == sorted(f"/full/{n}" for n in (PANDAS, LOCK["jedi"][0]))
    assert offline.stage_pyodide(pyodide, pyodide.parent / "dest", [kit]).shipped == NEEDED


def test_fetch_without_a_base_url_brings_the_core_only(pyodide, kit, cdn):
    assert offline.fetch_pyodide(pyodide, [kit], base_url=None) == []
    assert cdn.asked == []


# ---------------------------------------------------------------- the command line


@pytest.mark.parametrize("flags", [["--fetch"], ["--missing-ok"], ["--pyodide-from", "http://127.0.0.1:9/"]])
def test_offline_flags_without_a_pyodide_folder_are_refused(flags, tmp_path, capsys):
    assert main(["lite", "--out", str(tmp_path / "site"), *flags]) == 2
    assert "--fetch, --missing-ok and --pyodide-from go with --pyodide DIR" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_a_pyodide_folder_without_its_core_is_refused_before_anything_is_built(tmp_path, capsys):
    out = tmp_path / "site"
    assert main(["lite", "--out", str(out), "--pyodide", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'pyodide-lock.json'}: no such file" in err
    assert not out.exists()


def test_pip_runs_once_for_every_missing_pure_wheel_and_then_one_by_one_if_that_fails(pyodide, kit, tmp_path,
                                                                                      monkeypatch):
    calls = []

    def failing(dest, specs):
        calls.append(list(specs))
        return [sys.executable, "-c", "import sys; sys.exit(1)"]  # as pip does when one is not on PyPI

    monkeypatch.setattr(offline, "pip_download_command", failing)
    (pyodide / LOCK["parso"][0]).unlink()
    (pyodide / LOCK["traitlets"][0]).unlink()
    with pytest.raises(FramingError, match=r"2 Pyodide wheels the notebooks need are missing: parso-0\.8\.6-"):
        offline.stage_pyodide(pyodide, tmp_path / "dest", [kit])
    assert calls == [["parso==0.8.6", "traitlets==5.14.3"], ["parso==0.8.6"], ["traitlets==5.14.3"]]
