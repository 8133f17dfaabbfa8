"""Faults: a build killed at any moment leaves the previous docs/ and site/ whole, the next build
succeeds, and builds of the same inputs are byte-identical whatever the cache, the number of
processes or Python's hash seed."""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, copy_project, run_cli, small_project


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def start(args: list[str], cwd: Path, **env) -> subprocess.Popen:
    """The CLI in its own process group, so that a kill reaches its workers and MkDocs too."""
    return subprocess.Popen([sys.executable, "-m", "build_scripts", *args], cwd=cwd, start_new_session=True,
                            env=dict(os.environ, PYTHONPATH=str(cwd), NO_MKDOCS_2_WARNING="1", **env),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def kill_when(process: subprocess.Popen, ready, delay: float, timeout: float = 120) -> bool:
    """SIGKILL the process group `delay` seconds after ready() is true; False if it finished first."""
    deadline = time.monotonic() + timeout
    while not ready():
        if process.poll() is not None:
            return False
        assert time.monotonic() < deadline, "the moment to kill never came"
        time.sleep(0.001)
    time.sleep(delay)
    if process.poll() is not None:
        return False
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    return True


def first_new_page(root: Path, known: set[str]):
    """True once the build has written its first new article page, wherever it writes it (the
    moment writing starts, whatever the writer's design)."""
    return lambda: any(p.name not in known for p in root.glob("docs*/articles/*.md"))


def add_capture(project_root: Path) -> None:
    """A new capture (a copy of a real one under another name): new pages, and changes to the home
    page, the glossary, the timeline, the feed and the reports."""
    shutil.copyfile(ROOT / "seeds" / "001_c4aa026987c2cfb4.txt", project_root / "seeds" / "900_new_capture.txt")


@pytest.fixture(scope="module")
def expected_docs(tmp_path_factory) -> dict[str, str]:
    """docs/ as a finished build writes it after the new capture is added."""
    workdir = tmp_path_factory.mktemp("expected")
    copy_project(workdir)
    add_capture(workdir)
    result = run_cli(["build"], workdir)
    assert result.returncode == 0, result.stderr
    return snapshot(workdir / "docs")


@pytest.mark.parametrize("delay", [0.0, pytest.param(0.005, marks=pytest.mark.exhaustive),
                                   pytest.param(0.05, marks=pytest.mark.exhaustive)])
def test_killed_build_leaves_the_old_docs_or_the_new_and_the_next_build_succeeds(tmp_path, expected_docs, delay):
    copy_project(tmp_path)
    before = snapshot(tmp_path / "docs")
    assert before != expected_docs
    add_capture(tmp_path)
    process = start(["build"], tmp_path)
    killed = kill_when(process, first_new_page(tmp_path, {p.name for p in (tmp_path / "docs/articles").iterdir()}),
                       delay)
    now = snapshot(tmp_path / "docs")
    assert now in (before, expected_docs), (
        f"killed={killed}: docs/ is neither the old tree nor the new one; "
        f"{len(set(now.items()) ^ set(before.items()))} files differ from the old")
    result = run_cli(["build"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert snapshot(tmp_path / "docs") == expected_docs
    assert not (tmp_path / "docs.new").exists() and not (tmp_path / "docs.old").exists()


def test_killed_site_build_leaves_the_previous_site(tmp_path):
    # One capture's site: killing MkDocs mid-write is the same at any size.
    small_project(tmp_path)
    shutil.copy(FIXTURES / "zh_portal_chrome.txt", tmp_path / "seeds" / "zh_portal_chrome.txt")
    assert run_cli(["build"], tmp_path).returncode == 0
    previous = tmp_path / "site"
    previous.mkdir()
    (previous / "index.html").write_text("<p>the previous build</p>", encoding="utf-8")
    before = snapshot(previous)
    process = start(["site"], tmp_path)
    assert kill_when(process, (tmp_path / "site.new" / "index.html").exists, 0.0), \
        "the site build finished before the kill"
    assert snapshot(previous) == before
    result = run_cli(["site"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "the previous build" not in (previous / "index.html").read_text(encoding="utf-8")
    assert not (tmp_path / "site.new").exists() and not (tmp_path / "site.old").exists()


def edit_inputs(project_root: Path) -> None:
    """An editor's day: a paragraph appended to a capture and a note reworded. The paragraph names
    people from the other captures, so other articles' related lists change too. (A glossary edit
    would not test the kept pages: every page's key holds the glossary's hash.)"""
    capture = sorted((project_root / "seeds").glob("*.txt"))[0]
    with capture.open("a", encoding="utf-8") as handle:
        handle.write("\n孙正义、贝森特、克里希纳穆尔蒂和英伟达首席执行官黄仁勋在新加的段落里又一次谈到了人工智能、软银和3M公司。\n")
    notes = sorted((project_root / "editorial" / "notes").glob("*.yaml"))[0]
    notes.write_text(notes.read_text(encoding="utf-8").replace('  en: "', '  en: "Edited. ', 1), encoding="utf-8")


def test_builds_are_byte_identical_whatever_the_cache_processes_and_hash_seed(tmp_path):
    """One copy built with no cache in one process; another built with the cache in two processes,
    then edited and built again (pages whose inputs did not change are kept from the first
    build), each run under its own hash seed: every generated file is the same."""
    results = {}
    for name, runs in (("plain", [edit_inputs, (["build", "--no-cache", "--jobs", "1"], "1")]),
                       ("cached", [(["build", "--jobs", "2"], "2"), edit_inputs, (["build", "--jobs", "2"], "3")])):
        workdir = tmp_path / name
        copy_project(workdir, warm_cache=False)
        add_capture(workdir)
        for step in runs:
            if callable(step):
                step(workdir)
                continue
            args, seed = step
            result = subprocess.run([sys.executable, "-m", "build_scripts", *args], cwd=workdir, capture_output=True,
                                    text=True, env=dict(os.environ, PYTHONPATH=str(workdir), PYTHONHASHSEED=seed))
            assert result.returncode == 0, result.stderr
        results[name] = snapshot(workdir / "docs") | {"reports/" + k: v for k, v in snapshot(workdir / "reports").items()}
    assert results["cached"] == results["plain"]
    assert (tmp_path / "cached" / ".cache" / "build").is_dir() and not (tmp_path / "plain" / ".cache").exists()