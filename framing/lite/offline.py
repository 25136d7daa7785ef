"""Pyodide served from the site itself: the offline build of ``framing lite --pyodide DIR``.

By default the JupyterLite site loads Pyodide (the interpreter, and numpy,
pandas, matplotlib, scikit-learn...) from Pyodide's CDN the first time a
notebook starts. On a network without internet, nothing starts. The offline
build puts Pyodide into the site, in ``static/pyodide/`` (the Pyodide
kernel's own mechanism), from a folder ``DIR`` that holds:

* Pyodide's core: the files of the npm package ``pyodide`` at the version the
  kernel expects (:data:`PYODIDE_VERSION`), with its ``pyodide-lock.json``,
  which lists every package Pyodide has, by file name and sha256;
* the Pyodide wheels the notebooks need (:func:`needed_packages`): the
  compiled ones (numpy, pandas, scipy...) come only from Pyodide's own
  distribution (its CDN or GitHub release), not from PyPI or npm. A pure-Python
  one missing from ``DIR`` is taken from PyPI at the same version.

:func:`fetch_pyodide` fills ``DIR`` on a machine with internet, checking each
file against the lock's sha256. :func:`stage_pyodide` checks ``DIR`` and
copies what the site needs, with a lock that lists only what it ships (a wheel
taken from PyPI is listed with its own sha256).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
import zipfile
from email.parser import Parser
from pathlib import Path
from typing import NamedTuple

from framing.errors import FramingError

__all__ = ["CORE_FILES", "KERNEL_PACKAGES", "PYODIDE_CDN", "PYODIDE_PYTHON", "PYODIDE_VERSION", "Staged",
           "fetch_pyodide", "file_sha256", "needed_packages", "pip_download_command", "read_lock", "stage_pyodide"]

#: The Pyodide that jupyterlite-pyodide-kernel 0.8.6 loads (tests/test_lite.py checks the two agree).
PYODIDE_VERSION = "314.0.6"

#: The Python version of that Pyodide.
PYODIDE_PYTHON = "3.14"

#: The files of Pyodide's core, from the npm package ``pyodide``.
CORE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")

#: What the Pyodide kernel loads from Pyodide as it starts (its worker's ``loadPackage`` and
#: ``piplite.install`` calls), before any notebook cell runs.
KERNEL_PACKAGES = ("micropip", "ipython", "jedi")

#: Where Pyodide's own distribution of this version is, for :func:`fetch_pyodide`.
PYODIDE_CDN = f"https://cdn.jsdelivr.net/pyodide/v{PYODIDE_VERSION}/full/"

#: How a markers expression is evaluated for the browser (micropip uses packaging's defaults there).
EMSCRIPTEN = {"sys_platform": "emscripten", "platform_system": "Emscripten", "os_name": "posix",
              "platform_machine": "wasm32", "python_version": PYODIDE_PYTHON, "python_full_version": "3.14.2",
              "implementation_name": "cpython", "platform_python_implementation": "CPython", "extra": ""}


class Staged(NamedTuple):
    """What :func:`stage_pyodide` put into the site."""

    shipped: list   #: the lock's names of the packages in the site
    from_pypi: list  #: of those, the ones taken from PyPI (pure Python), not from Pyodide's distribution
    missing: list   #: packages the notebooks need that are not in the site (with ``missing_ok``)


def file_sha256(path) -> str:
    """The sha256 of a file, read in blocks (Pyodide's wheels reach 30 MB).

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "x"; _ = f.write_bytes(b"abc")
    >>> file_sha256(f)[:16]
    'ba7816bf8f01cfea'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _canonical(name: str) -> str:
    from packaging.utils import canonicalize_name

    return canonicalize_name(name)


def _wheel_name_version(path) -> tuple:
    """(canonical name, version) from a wheel's file name."""
    from packaging.utils import parse_wheel_filename

    name, version, _, _ = parse_wheel_filename(Path(path).name)
    return name, str(version)


def pip_download_command(dest, specs) -> list:
    """The pip command that downloads the pure-Python wheels ``specs`` for Pyodide's Python into ``dest``.

    >>> pip_download_command("w", ["six==1.17.0"])[-3:]
    ['--dest', 'w', 'six==1.17.0']
    """
    return [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--quiet",
            "--platform", "any", "--implementation", "py", "--abi", "none", "--python-version", PYODIDE_PYTHON,
            "--dest", str(dest), *specs]


def read_lock(folder) -> dict:
    """Pyodide's ``pyodide-lock.json`` in ``folder``, checked to be the version the kernel loads.

    >>> read_lock("/no/such/folder")
    Traceback (most recent call last):
    ...
    framing.errors.FramingError: /no/such/folder/pyodide-lock.json: no such file. ...
    """
    path = Path(folder) / "pyodide-lock.json"
    if not path.is_file():
        raise FramingError(
            f"{path}: no such file. The folder for --pyodide needs Pyodide's core, the npm package "
            f"pyodide@{PYODIDE_VERSION}: npm pack pyodide@{PYODIDE_VERSION} && tar xzf pyodide-{PYODIDE_VERSION}.tgz "
            "gives it in package/ (or add --fetch).")
    try:
        lock = json.loads(path.read_text(encoding="utf-8"))
        packages = lock["packages"]
    except (ValueError, KeyError, TypeError) as err:
        raise FramingError(f"{path}: not a Pyodide lock file ({type(err).__name__}: {err}).") from None
    package_json = path.parent / "package.json"
    if package_json.is_file():
        try:
            found = json.loads(package_json.read_text(encoding="utf-8")).get("version")
        except ValueError:
            found = None
        if found and found != PYODIDE_VERSION:
            raise FramingError(f"{package_json}: Pyodide {found}, but the site's kernel loads Pyodide "
                               f"{PYODIDE_VERSION}: use npm pack pyodide@{PYODIDE_VERSION}.")
    missing = [name for name in CORE_FILES if not (path.parent / name).is_file()]
    if missing:
        raise FramingError(f"{path.parent}: Pyodide's core is not whole, {', '.join(missing)} missing "
                           f"(the npm package pyodide@{PYODIDE_VERSION} has them).")
    lock["packages"] = {_canonical(name): entry for name, entry in packages.items()}
    return lock


def _requirements(wheel: Path) -> list:
    """The names of what ``wheel`` requires in the browser (its markers evaluated for Emscripten)."""
    from packaging.requirements import Requirement

    with zipfile.ZipFile(wheel) as zf:
        meta = next((n for n in zf.namelist() if n.endswith(".dist-info/METADATA")), None)
        if meta is None:
            raise FramingError(f"{wheel}: not a wheel (no .dist-info/METADATA).")
        message = Parser().parsestr(zf.read(meta).decode("utf-8"))
    names = []
    for line in message.get_all("Requires-Dist") or []:
        req = Requirement(line)
        if req.marker is None or req.marker.evaluate(EMSCRIPTEN):
            names.append(_canonical(req.name))
    return names


def needed_packages(lock: dict, wheels=()) -> list:
    """The lock's names of every Pyodide package the site needs: the kernel's, and what ``wheels`` require.

    ``wheels`` are the site's own wheels (the kit's and its pure-Python
    dependencies); what they require that Pyodide has is needed, with
    everything it depends on in the lock.

    >>> lock = {"packages": {"micropip": {"depends": []}, "ipython": {"depends": ["six"]},
    ...                      "six": {"depends": []}, "jedi": {"depends": ["parso"]}, "parso": {"depends": []},
    ...                      "numpy": {"depends": []}}}
    >>> needed_packages(lock)
    ['ipython', 'jedi', 'micropip', 'parso', 'six']
    """
    packages = lock["packages"]
    own = {_wheel_name_version(w)[0] for w in wheels}
    todo = list(KERNEL_PACKAGES)
    for wheel in wheels:
        todo.extend(n for n in _requirements(Path(wheel)) if n not in own)
    needed = set()
    while todo:
        name = _canonical(todo.pop())
        if name in needed:
            continue
        if name not in packages:
            if name in own:
                continue
            raise FramingError(f"{name}: the site needs it, and it is neither in Pyodide {PYODIDE_VERSION}'s lock "
                               "nor among the site's own wheels (framing.lite.LITE_WHEELS).")
        needed.add(name)
        todo.extend(packages[name].get("depends", []))
    return sorted(needed)


#: The subfolder of a Pyodide folder where pip leaves the pure-Python wheels it downloads from PyPI
#: (their names may be the lock's, their bytes are not: Pyodide builds its own).
FROM_PYPI = "from-pypi"


def _files(folder: Path) -> dict:
    """File name -> path of every file under ``folder`` but :data:`FROM_PYPI` (the first found, by sorted path)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and FROM_PYPI not in path.relative_to(folder).parts[:1]:
            found.setdefault(path.name, path)
    return found


def _from_pypi(entries: dict, folder: Path) -> dict:
    """PyPI wheels of pure-Python lock entries (lock name -> entry) at their versions, downloaded by
    pip into ``folder``.

    Returns lock name -> path for those found (already there, or downloaded). pip runs once for
    all that are missing; if that run fails (one of them is not on PyPI), once for each.
    """
    wanted = {name: (_canonical(e["name"]), e["version"]) for name, e in entries.items()
              if e["file_name"].endswith("-none-any.whl")}
    dest = folder / FROM_PYPI

    def there():
        have = {_wheel_name_version(path): path for path in sorted(dest.glob("*.whl"))}
        return {name: have[key] for name, key in wanted.items() if key in have}

    if not wanted:
        return {}
    dest.mkdir(parents=True, exist_ok=True)
    found = there()
    todo = [f"{entries[name]['name']}=={entries[name]['version']}" for name in wanted if name not in found]
    if todo:
        try:
            done = subprocess.run(pip_download_command(dest, todo), capture_output=True, text=True, timeout=1200)
        except subprocess.TimeoutExpired:
            raise FramingError(f"pip download of {len(todo)} wheels into {dest} took more than 20 minutes: "
                               "check the connection to PyPI, then run the build again") from None
        if done.returncode and len(todo) > 1:
            for spec in todo:  # pip's exit status aside: each wheel is there, or it is not
                subprocess.run(pip_download_command(dest, [spec]), capture_output=True, text=True, timeout=300)
        found = there()
    return found


def stage_pyodide(folder, dest, wheels=(), *, missing_ok: bool = False) -> Staged:
    """Check the Pyodide folder ``folder`` and copy what the site needs into ``dest``.

    ``dest`` (the site's ``static/pyodide/``) gets Pyodide's core and the
    wheels of :func:`needed_packages`, and a ``pyodide-lock.json`` listing
    only what it holds. A wheel from ``folder`` must have the lock's sha256;
    a pure-Python wheel not in ``folder`` is downloaded from PyPI at the
    lock's version into ``folder/from-pypi/`` and listed with its own sha256.
    A needed wheel still missing stops the build, naming every one, unless
    ``missing_ok`` (for testing what a student sees then).

    >>> stage_pyodide("/no/such/folder", "site/static/pyodide")
    Traceback (most recent call last):
    ...
    framing.errors.FramingError: /no/such/folder/pyodide-lock.json: no such file. ...
    """
    folder, dest = Path(folder), Path(dest)
    lock = read_lock(folder)
    packages = lock["packages"]
    needed = needed_packages(lock, wheels)
    files = _files(folder)
    chosen, absent, wrong = {}, [], []
    for name in needed:
        entry = packages[name]
        path = files.get(entry["file_name"])
        if path is None:
            absent.append(name)
            continue
        got = file_sha256(path)
        if got != entry["sha256"]:
            wrong.append(f"{path} (sha256 {got}, the lock says {entry['sha256']})")
            continue
        chosen[name] = (path, entry)
    if wrong:  # before pip: nothing is downloaded for a folder that is not right
        raise FramingError("these files are not the ones Pyodide's lock lists (delete them and fetch them "
                           "again): " + "; ".join(wrong))
    pypi = _from_pypi({name: packages[name] for name in absent}, folder)
    from_pypi = [name for name in absent if name in pypi]
    missing = [name for name in absent if name not in pypi]
    for name in from_pypi:
        path = pypi[name]
        chosen[name] = (path, {**packages[name], "file_name": path.name, "sha256": file_sha256(path)})
    if missing and not missing_ok:
        raise FramingError(
            f"{folder}: {len(missing)} Pyodide wheels the notebooks need are missing: "
            f"{', '.join(packages[name]['file_name'] for name in missing)}. "
            f"They come only from Pyodide {PYODIDE_VERSION}'s own distribution: on a machine with internet, "
            f"framing lite --pyodide {folder} --fetch downloads them into that folder and checks each sha256.")
    dest.mkdir(parents=True, exist_ok=True)
    for name in (*CORE_FILES, "package.json"):
        if name != "pyodide-lock.json" and (folder / name).is_file():  # the lock is written below
            shutil.copy2(folder / name, dest / name)
    shipped = {}
    for name, (path, entry) in sorted(chosen.items()):
        shutil.copy2(path, dest / entry["file_name"])
        shipped[name] = entry
    (dest / "pyodide-lock.json").write_text(json.dumps({**lock, "packages": shipped}, indent=1) + "\n",
                                            encoding="utf-8")
    return Staged(sorted(shipped), sorted(from_pypi), sorted(missing))


def _npm_core(folder: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise FramingError(f"npm is not installed: it fetches Pyodide's core (npm pack pyodide@{PYODIDE_VERSION}); "
                           "install Node.js and npm, or unpack the package into the folder by hand.")
    with tempfile.TemporaryDirectory(prefix="framing-pyodide-") as tmp:
        done = subprocess.run([npm, "pack", "--silent", f"pyodide@{PYODIDE_VERSION}"], cwd=tmp,
                              capture_output=True, text=True, timeout=600)
        tarball = Path(tmp) / f"pyodide-{PYODIDE_VERSION}.tgz"
        if done.returncode or not tarball.is_file():
            said = (done.stderr or done.stdout).strip().splitlines()
            raise FramingError(f"npm pack pyodide@{PYODIDE_VERSION} failed: {said[-1] if said else 'no output'}")
        import tarfile

        unpacked = Path(tmp) / "package"
        unpacked.mkdir()
        with tarfile.open(tarball) as tar:
            for member in tar.getmembers():
                name = Path(member.name)
                if member.isfile() and name.parts[:1] == ("package",) and len(name.parts) == 2:
                    with tar.extractfile(member) as src, open(unpacked / name.name, "wb") as out:
                        shutil.copyfileobj(src, out)
        # into the folder whole, the lock last: a lock there means a core there (an interrupted
        # unpacking leaves no lock, and the next run unpacks again)
        for path in sorted(unpacked.iterdir(), key=lambda p: p.name == "pyodide-lock.json"):
            part = folder / (path.name + ".part")
            shutil.copyfile(path, part)
            os.replace(part, folder / path.name)


def _download(url: str, path: Path, sha256: str) -> str | None:
    """Fetch ``url`` to ``path`` if its sha256 is ``sha256``; else the reason, and nothing left at ``path``."""
    part = path.with_name(path.name + ".part")
    try:
        with urllib.request.urlopen(url, timeout=60) as response, open(part, "wb") as out:
            shutil.copyfileobj(response, out)
    except urllib.error.HTTPError as err:
        part.unlink(missing_ok=True)
        return f"{url}: HTTP {err.code} {err.reason}"
    except (urllib.error.URLError, OSError) as err:
        part.unlink(missing_ok=True)
        return f"{url}: {getattr(err, 'reason', err)}"
    got = file_sha256(part)
    if got != sha256:
        part.unlink()
        return f"{url}: sha256 {got}, the lock says {sha256} (not kept)"
    os.replace(part, path)
    return None


def fetch_pyodide(folder, wheels=(), *, base_url: str | None = PYODIDE_CDN) -> list:
    """Bring into ``folder`` what :func:`stage_pyodide` needs; return the files downloaded.

    Pyodide's core comes with ``npm pack pyodide@314.0.6`` (when the folder
    has no lock yet); each needed wheel not already there with the right
    sha256 comes from ``base_url`` (Pyodide's CDN for this version, or a
    mirror of it; None: the core only), and is kept only if its sha256 is the
    lock's. Every failure is named in one message at the end; the files that
    came are kept.

    >>> fetch_pyodide("pyodide/")      # doctest: +SKIP
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "pyodide-lock.json").is_file():
        _npm_core(folder)
    lock = read_lock(folder)
    if base_url is None:
        return []
    files = _files(folder)
    base = base_url if base_url.endswith("/") else base_url + "/"
    got, failed = [], []
    for name in needed_packages(lock, wheels):
        entry = lock["packages"][name]
        have = files.get(entry["file_name"])
        if have is not None and file_sha256(have) == entry["sha256"]:
            continue
        path = folder / entry["file_name"]
        reason = _download(base + entry["file_name"], path, entry["sha256"])
        if reason:
            failed.append(reason)
        else:
            got.append(path)
    if failed:
        raise FramingError(f"{len(failed)} of Pyodide's wheels could not be fetched into {folder}: "
                           + "; ".join(failed))
    return got
