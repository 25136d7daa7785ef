"""Packaging: Binder's environment.yml, pyproject.toml, the README commands and CI."""

import importlib.metadata
import os
import re
import shlex
import subprocess
import sys
import tomllib
import zipfile

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
ENV = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
README = (ROOT / "README.md").read_text(encoding="utf-8")


def env_pip_lines():
    pip = [d for d in ENV["dependencies"] if isinstance(d, dict)]
    assert len(pip) == 1 and list(pip[0]) == ["pip"], "environment.yml needs one pip: section"
    return pip[0]["pip"]


def names(requirements):
    """Package names of the requirements that apply here (Pyodide-only ones left out)."""
    reqs = [Requirement(r) for r in requirements]
    return {canonicalize_name(r.name) for r in reqs if not r.marker or r.marker.evaluate()}


def test_binder_conda_part_is_only_python_and_pip():
    assert ENV["channels"] == ["conda-forge"]
    conda = [d for d in ENV["dependencies"] if isinstance(d, str)]
    assert sorted(conda) == ["pip", "python=3.11"]


def test_binder_pip_part_is_pinned_and_has_no_local_entries():
    for line in env_pip_lines():
        assert not line.startswith(("-e", ".", "/", "file:", "git+")), f"local entry in environment.yml: {line}"
        req = Requirement(line)
        assert len(req.specifier) == 1 and next(iter(req.specifier)).operator == "==", f"not pinned: {line}"


def test_environment_and_pyproject_name_the_same_packages():
    project = PYPROJECT["project"]
    declared = names(project["dependencies"]) | names(project["optional-dependencies"]["lab"])
    assert names(env_pip_lines()) == declared
    assert sorted(env_pip_lines()) == sorted(project["optional-dependencies"]["pinned"])


def test_pins_satisfy_the_package_requirements():
    pins = {canonicalize_name(Requirement(r).name): Requirement(r) for r in env_pip_lines()}
    project = PYPROJECT["project"]
    for line in project["dependencies"] + project["optional-dependencies"]["lab"]:
        req = Requirement(line)
        if req.marker and not req.marker.evaluate():
            continue  # e.g. Pyodide-only
        version = next(iter(pins[canonicalize_name(req.name)].specifier)).version
        assert req.specifier.contains(version), f"{req} excludes the pinned {version}"


def test_tests_run_with_the_pinned_versions():
    for line in env_pip_lines():
        req = Requirement(line)
        pinned = next(iter(req.specifier)).version
        installed = importlib.metadata.version(req.name)
        assert installed == pinned, (
            f"{req.name} {installed} is installed but environment.yml pins {pinned}: "
            f'run python -m pip install -e ".[test,pinned]"'
        )


def test_postbuild_installs_the_kit_without_resolving_again():
    post = (ROOT / "postBuild").read_text(encoding="utf-8")
    assert "python -m pip install --no-deps -e ." in post
    assert os.access(ROOT / "postBuild", os.X_OK)


@pytest.mark.skipif(os.environ.get("FRAMING_OFFLINE") == "1", reason="FRAMING_OFFLINE=1: no package index")
def test_pins_resolve_with_pip(tmp_path):
    report = tmp_path / "report.json"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
         "--report", str(report), *env_pip_lines()],
        capture_output=True, text=True, timeout=540,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert report.exists()


def readme_commands():
    blocks = re.findall(r"```bash\n(.*?)```", README, flags=re.S)
    lines = [ln.strip() for b in blocks for ln in b.splitlines() if ln.strip().startswith("python -m pip install")]
    assert len(lines) == 2, "the README must give two setup commands"
    return lines


def test_ci_runs_the_readme_test_command():
    test_cmd = readme_commands()[1]
    assert test_cmd.endswith("python -m pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_cmd in [ln.strip() for ln in ci]


def test_readme_main_command_runs(tmp_path):
    main_cmd = readme_commands()[0]
    steps = main_cmd.split(" && ")
    assert steps[0].startswith("python -m pip install -e")
    outputs = []
    for step in steps[1:]:
        done = subprocess.run(shlex.split(step), capture_output=True, text=True, cwd=ROOT, timeout=300)
        assert done.returncode == 0, f"{step}: {done.stderr}"
        outputs.append(done.stdout)
    corpus_out, kwic_out = outputs
    assert corpus_out.count("\n") == 6 and "almonitor_2024" in corpus_out
    assert {"afp_fr_2023", "afp_ar_2023", "reuters_2023"} <= set(kwic_out.split())
    assert "للغزو" in kwic_out


def test_wheel_carries_the_seed_corpus(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=540,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    wheel = next(tmp_path.glob("framing-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        members = set(zf.namelist())
        zf.extractall(tmp_path / "site")
    assert "framing/_bundled/data/seeds.yaml" in members
    assert sum(m.startswith("framing/_bundled/seeds/") and m.endswith(".txt") for m in members) == 5
    # load the corpus from the unpacked wheel, far from the checkout
    code = "import framing; c = framing.load_corpus(); print(framing.__file__, len(c))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(tmp_path / "site")}, timeout=120)
    assert done.returncode == 0, done.stderr
    where, n = done.stdout.split()
    assert where.startswith(str(tmp_path / "site")) and n == "5"


def test_readme_python_examples_run():
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    assert len(blocks) >= 2
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    assert len(namespace["corpus"]) == 5
