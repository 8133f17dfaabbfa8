"""The editors' preview (`python -m build_scripts serve`): what counts as an edit, the pages made
first, pages rendered one at a time exactly as a full build renders them, and the whole loop in
headless Chromium: save a capture and the open page shows the new paragraph by itself."""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from build_scripts.build import generate, render_pages_of
from build_scripts.cache import BuildCache
from build_scripts.preview import edited, snapshot
from build_scripts.project import Project

from tests.conftest import ROOT, run_cli, small_project

SEED = "000_b30b6e6a77daa84b.txt"        # one article, with its sidecar and our translations
SLUG = "masayoshi-son-trump-industrial-parks"
ENTRY = "15th-five-year-plan"
CHROMIUM = "/usr/bin/chromium"


def _with_seed(folder: Path) -> Project:
    project = small_project(folder)
    shutil.copy(ROOT / "seeds" / SEED, project.seeds / SEED)
    for name in (f"captures/{Path(SEED).stem}.yaml", f"translations/{SLUG}.yaml"):
        shutil.copy(ROOT / "editorial" / name, project.editorial / name)
    # The entries the sidecar's timeline edits name, and one more to edit: a small site builds fast.
    sidecar = yaml.safe_load((ROOT / "editorial" / "captures" / f"{Path(SEED).stem}.yaml").read_text(encoding="utf-8"))
    named = {entity for article in sidecar["articles"] for event in article.get("events", [])
             for entity in event.get("entities", [])}
    for entry in sorted(named | {ENTRY}):       # alone: their related entries are left out
        text = (ROOT / "editorial" / "glossary" / f"{entry}.yaml").read_text(encoding="utf-8")
        (project.glossary / f"{entry}.yaml").write_text(re.sub(r"^related:.*\n", "", text, flags=re.M),
                                                        encoding="utf-8")
    return project


def _append(project: Project, text: str) -> None:
    with (project.seeds / SEED).open("a", encoding="utf-8") as out:
        out.write("\n" + text + "\n")


def test_only_an_editors_files_are_edits(tmp_path):
    project = _with_seed(tmp_path / "p")      # its docs/ holds the real project's pages, as built
    before, generated = snapshot(project), set()
    # What a build writes in docs/ carries the generated notice: not an edit.
    page = project.docs / "articles" / f"{SLUG}.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert edited(project, before, snapshot(project), generated) == []
    assert f"docs/articles/{SLUG}.md" in generated
    # A hand-written page, a capture and a rule are.
    about = project.docs / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    _append(project, "新的一段。")
    (project.seeds / "new.txt").write_text("新华社北京12月5日电 一条新闻。\n", encoding="utf-8")
    (project.rules / "cleaning.yaml").touch()
    os.utime(project.rules / "cleaning.yaml", ns=(1, 1))
    assert edited(project, before, snapshot(project), generated) == [
        "docs/about.md", "rules/cleaning.yaml", f"seeds/{SEED}", "seeds/new.txt"]


def test_an_edited_article_alone_is_made_as_the_whole_build_makes_it(tmp_path):
    project = _with_seed(tmp_path / "p")
    first = generate(project, jobs=1)
    pages = [f"docs/articles/{SLUG}.md", f"docs/articles/{SLUG}.zh-Hant.md"]
    for source in (f"seeds/{SEED}", f"editorial/captures/{Path(SEED).stem}.yaml",
                   f"editorial/translations/{SLUG}.yaml"):
        assert first.pages_from(source) == pages, source
    assert first.pages_from("editorial/glossary/none.yaml") == []
    _append(project, "孙正义与黄仁勋2025年11月20日在东京会面,讨论了软银对英伟达芯片的投资。")
    alone = render_pages_of(project, {SLUG}, BuildCache.for_project(project.root))
    data = [f"docs/articles/{SLUG}.data.js", f"docs/articles/{SLUG}.data.zh-Hant.js"]
    assert sorted(alone) == sorted(pages + data)
    assert "2025年11月20日" in alone[pages[0]]
    generate(project, jobs=1)
    for path in pages + data:
        assert alone[path] == (project.root / path).read_text(encoding="utf-8"), path


def test_a_glossary_description_edit_parses_no_capture_again(tmp_path, monkeypatch):
    import build_scripts.pipeline as pipeline

    project = _with_seed(tmp_path / "p")
    generate(project, jobs=1)
    parsed, parse = [], pipeline._parse_or_error
    monkeypatch.setattr(pipeline, "_parse_or_error", lambda path, *rest: parsed.append(path.name) or parse(path, *rest))
    entry = project.glossary / f"{ENTRY}.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace('  en: "China', '  en: "Edited: China', 1),
                     encoding="utf-8")
    generate(project, jobs=1)
    assert parsed == []     # a description is not read by parsing or by finding mentions
    assert "Edited: China" in (project.docs / "glossary" / f"{ENTRY}.md").read_text(encoding="utf-8")
    # A name is: the capture is parsed again.
    entry.write_text(entry.read_text(encoding="utf-8").replace('"十五五规划"', '"十五五规划纲要"', 1), encoding="utf-8")
    generate(project, jobs=1)
    assert parsed == [SEED]


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Project:
    project = _with_seed(tmp_path_factory.mktemp("preview") / "p")
    for command in (["build"], ["site"]):
        result = run_cli(command, project.root)
        assert result.returncode == 0, result.stderr
    return project


# Run in a process of its own: MkDocs' search plugin adds the glossary's names to jieba's shared
# dictionary, which the other tests' segmentation must never see (serve keeps it apart the same way).
_RENDER_ALONE = r"""
import os, sys
from pathlib import Path
from build_scripts.preview import PageRenderer
root, preview, slug = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
site = root / "site"
renderer = PageRenderer(root, preview)
assert renderer.stale() == [], renderer.stale()
sources = [f"articles/{slug}.md", f"articles/{slug}.zh-Hant.md", "glossary/index.md", "index.md",
           "stylesheets/digest.css"]
for source in sources:
    os.utime(root / "docs" / source)
assert renderer.stale() == sorted(sources), renderer.stale()
written = renderer.render(sources)
assert sorted(written) == sorted([f"articles/{slug}.html", f"zh-Hant/articles/{slug}.html",
                                  "glossary/index.html", "index.html", "stylesheets/digest.css"]), written
for path in written:
    # Byte for byte what `mkdocs build` wrote, and written beside it: site/ is untouched.
    assert (preview / path).read_bytes() == (site / path).read_bytes(), path
    assert (preview / path).stat().st_ino != (site / path).stat().st_ino, path
assert renderer.stale() == []
# A page added to docs/ is found (the structure is read again); a removed one is deleted.
extra = root / "docs" / "extra-page.md"
extra.write_text("# Extra\n\nA page.\n", encoding="utf-8")
assert "extra-page.md" in renderer.stale()
# In both variants: the Traditional site falls back to a page that has no twin.
assert sorted(renderer.render(["extra-page.md"])) == ["extra-page.html", "zh-Hant/extra-page.html"]
assert "A page." in (preview / "extra-page.html").read_text(encoding="utf-8")
extra.unlink()
assert renderer.stale() == []
assert not (preview / "extra-page.html").exists() and not (preview / "zh-Hant" / "extra-page.html").exists()
print("checked", len(written), "pages")
"""


def test_a_page_rendered_alone_is_the_page_the_full_build_wrote(small_site, tmp_path):
    project = small_site
    preview = tmp_path / "preview"
    shutil.copytree(project.site, preview, copy_function=os.link)
    try:
        result = subprocess.run([sys.executable, "-c", _RENDER_ALONE, str(project.root), str(preview), SLUG],
                                cwd=project.root, capture_output=True, text=True,
                                env=dict(os.environ, PYTHONPATH=str(project.root), NO_MKDOCS_2_WARNING="1"))
    finally:
        (project.docs / "extra-page.md").unlink(missing_ok=True)
    assert result.returncode == 0, result.stdout + result.stderr[-4000:]
    assert "checked 5 pages" in result.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_line(log: Path, text: str, process, timeout: float, after: int = 0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
        for number, line in enumerate(lines[after:], after):
            if text in line:
                return number + 1
        assert process.poll() is None, "serve stopped:\n" + "\n".join(lines[-30:])
        time.sleep(0.1)
    raise AssertionError(f"serve never said {text!r}:\n" + log.read_text(encoding="utf-8", errors="replace"))


def test_serve_shows_a_saved_edit_in_the_open_page(small_site):
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (bin/test installs it)")
    project, port = small_site, _free_port()
    log = project.root / "serve.log"
    env = dict(os.environ, PYTHONPATH=str(project.root), NO_MKDOCS_2_WARNING="1")
    process = subprocess.Popen([sys.executable, "-m", "build_scripts", "serve", "--port", str(port)],
                               cwd=project.root, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    site_page = (project.site / "articles" / f"{SLUG}.html").read_bytes()
    try:
        seen = _wait_for_line(log, "Serving the preview", process, timeout=120)
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/articles/{SLUG}.html", wait_until="load")
            assert "livereload" in page.content()
            _append(project, "这是预览测试新加的一段文字,第七七号。")
            # No reload by the test: the server's reload shows it.
            page.wait_for_function("() => document.body && document.body.innerText.includes('第七七号')",
                                   timeout=60_000)    # body is briefly null while the page reloads
            seen = _wait_for_line(log, f"seeds/{SEED} changed", process, timeout=30, after=seen)
            # A broken capture is reported with its place, and the last good pages stay.
            (project.seeds / "broken.txt").write_bytes(b"\x00binary")
            seen = _wait_for_line(log, "error: seeds/broken.txt, byte offset 0", process, timeout=60, after=seen)
            browser.close()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/articles/{SLUG}.html", timeout=30) as response:
            assert "第七七号" in response.read().decode("utf-8")
        assert (project.site / "articles" / f"{SLUG}.html").read_bytes() == site_page, "site/ must stay as built"
    finally:
        (project.seeds / "broken.txt").unlink(missing_ok=True)
        process.send_signal(signal.SIGINT)
        try:
            assert process.wait(timeout=30) == 0, log.read_text(encoding="utf-8", errors="replace")[-3000:]
        finally:
            if process.poll() is None:
                process.kill()
