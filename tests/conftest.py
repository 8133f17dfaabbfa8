"""Shared fixtures: the real project, its rules, parsed seeds and one built site per run."""
from __future__ import annotations

import atexit
import contextlib
import fcntl
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from build_scripts.cache import CACHE_DIR
from build_scripts.metadata import Sidecar
from build_scripts.model import to_inspect_json
from build_scripts.pipeline import load_project_rules, parse_capture
from build_scripts.project import Project
from build_scripts.segmenter import Overrides

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "captures"
SEED_NAMES = ("000_b30b6e6a77daa84b.txt", "001_c4aa026987c2cfb4.txt", "002_5e8ee65edc201a9f.txt")


def pytest_addoption(parser):
    parser.addoption("--exhaustive", action="store_true",
                     help="also run the slow variations of cases the quick suite runs once (CI does)")


def pytest_collection_modifyitems(config, items):
    """Tests marked `exhaustive` repeat a case with other timings or sizes: left out of a
    contributor's run (bin/test), run by CI (bin/test --exhaustive)."""
    if config.getoption("--exhaustive"):
        return
    skipped = [item for item in items if item.get_closest_marker("exhaustive")]
    if skipped:
        config.hook.pytest_deselected(items=skipped)
        items[:] = [item for item in items if not item.get_closest_marker("exhaustive")]


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def rules(project):
    return load_project_rules(project)


@pytest.fixture(scope="session")
def seeds(project, rules) -> dict[str, dict]:
    """Inspect JSON of each real seed, parsed with its sidecar."""
    return {name: to_inspect_json(parse_capture(project.seeds / name, rules, project=project))
            for name in SEED_NAMES}


def inspect_file(path: Path, rules) -> dict:
    """Inspect JSON of a capture that has no sidecar (as a new capture would be)."""
    return to_inspect_json(parse_capture(path, rules, sidecar=Sidecar(None, {}, Overrides())))


def copy_project(destination: Path, warm_cache: bool = True) -> Project:
    """A throw-away copy of the project's inputs and docs, for builds that write files. With
    `warm_cache` it starts with the build cache of an unchanged build (made once per test process),
    as a maintainer's checkout does: a build then costs only what the test changed."""
    _copy_inputs(destination)
    cache = _warm_cache() if warm_cache else None
    if cache is not None:
        shutil.copytree(cache, destination / CACHE_DIR)
    return Project(destination)


def small_project(destination: Path) -> Project:
    """A copy of the project's code, rules, settings and hand-written pages with none of its
    captures, glossary entries or editorial files: the site of the one capture a test adds builds
    in seconds (the real corpus takes a quarter of a minute). For tests of how any capture is
    shown, or of what a failed or killed build leaves, not of the real corpus."""
    _copy_inputs(destination)
    for folder, pattern in (("seeds", "*"), ("editorial/captures", "*.yaml"), ("editorial/glossary", "*.yaml"),
                            ("editorial/translations", "*.yaml"), ("editorial/notes", "*.yaml")):
        for path in (destination / folder).glob(pattern):
            if path.is_file() and path.stem != "README":
                path.unlink()
    (destination / "editorial" / "slugs.yaml").unlink(missing_ok=True)
    return Project(destination)


def _copy_inputs(destination: Path) -> None:
    for name in ("seeds", "rules", "editorial", "docs", "reports", "overrides"):
        shutil.copytree(ROOT / name, destination / name)
    shutil.copytree(ROOT / "build_scripts", destination / "build_scripts",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", destination / "mkdocs.yml")


# The folder this test run's workers share (set once per process by the session fixture below).
_RUN_FOLDER: list[Path] = []


@pytest.fixture(scope="session", autouse=True)
def _run_folder(tmp_path_factory):
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent          # this run's folder, above each worker's own
    _RUN_FOLDER.append(shared)
    return shared


@contextlib.contextmanager
def _made_once(name: str):
    """Yields (folder, done): under pytest-xdist the first worker to ask makes the folder while the
    others wait, then all use it. The caller makes it when `done` is False."""
    if _RUN_FOLDER:
        shared = _RUN_FOLDER[0]
    else:                               # called outside a test session
        shared = Path(tempfile.mkdtemp(prefix="digest-tests-"))
        atexit.register(shutil.rmtree, shared, True)
    folder = shared / name
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = (folder / ".made").exists()
        if not done:
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
        yield folder, done
        (folder / ".made").touch()


@functools.lru_cache(maxsize=None)
def _warm_cache() -> Path | None:
    """The build cache of an unchanged build, made once per test run and copied by each test."""
    with _made_once("warm-cache") as (workdir, done):
        if not done:
            _copy_inputs(workdir)
            run_cli(["build"], workdir)     # a failure: the tests that build will report it
    cache = workdir / CACHE_DIR
    return cache if cache.is_dir() else None


def run_cli(args: list[str], cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(cwd), NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "build_scripts", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, **kwargs)


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The real site built once per test run from a copy of the project: returns its site/ folder."""
    with _made_once("site-build") as (workdir, done):
        if not done:
            copy_project(workdir)
            for command in (["build"], ["site"]):
                result = run_cli(command, workdir)
                assert result.returncode == 0, result.stderr
    return workdir / "site"


@functools.lru_cache(maxsize=None)
def _converters():
    from build_scripts.pipeline import load_project_glossary
    from build_scripts.variants import load_converters

    project = Project(ROOT)
    return load_converters(load_project_glossary(project), project.rules / "conversion.yaml")


def to_simplified_variant(text: str) -> str:
    """Text as the site's default (Simplified) pages show it."""
    return _converters()["zh-Hans"].convert(text)


def to_traditional_variant(text: str) -> str:
    return _converters()["zh-Hant"].convert(text)


@pytest.fixture(scope="session")
def glossary(project):
    from build_scripts.pipeline import load_project_glossary

    return load_project_glossary(project)


@pytest.fixture(scope="session")
def matcher(glossary, rules):
    from build_scripts.annotator import Matcher

    return Matcher(glossary, rules.glossary)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path, handler: type = QuietHandler):
    """The folder over HTTP on a free local port (the browser tests' stand-in for GitHub Pages);
    yields the server's root URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
