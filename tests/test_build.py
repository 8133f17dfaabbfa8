"""The build: committed docs/ are fresh, output is deterministic, failures lose nothing,
text from captures is escaped, and the CLI reports input errors with file and place."""
from __future__ import annotations

import json
import html as html_module
import re
import shutil

from build_scripts.search_index import read_full_index
from tests.conftest import FIXTURES, ROOT, copy_project, run_cli, small_project, to_simplified_variant


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_committed_docs_are_fresh():
    result = run_cli(["build", "--check"], ROOT)
    assert result.returncode == 0, result.stderr + "\nRun `python -m build_scripts build` and commit docs/."


def test_stale_docs_are_detected(tmp_path):
    project = copy_project(tmp_path)
    page = next((project.docs / "articles").glob("*.md"))
    page.write_text(page.read_text(encoding="utf-8") + "\nhand edit\n", encoding="utf-8")
    result = run_cli(["build", "--check"], tmp_path)
    assert result.returncode == 1 and page.name in result.stderr


def test_two_builds_are_byte_identical(tmp_path):
    project = copy_project(tmp_path)
    for page in (project.docs / "articles").glob("*.md"):
        page.unlink()
    assert run_cli(["build"], tmp_path).returncode == 0
    first = _snapshot(project.docs)
    assert run_cli(["build"], tmp_path).returncode == 0
    assert _snapshot(project.docs) == first


def test_every_generated_page_says_what_to_edit(project):
    for page in (project.docs / "articles").glob("*.md"):
        head = page.read_text(encoding="utf-8").split("\n")[:3]
        assert head[0] == "---" and "GENERATED" in head[1] and "editorial/captures/" in head[2]


def test_bad_input_fails_cleanly_and_keeps_docs(tmp_path):
    project = copy_project(tmp_path)
    before = _snapshot(project.docs)
    (project.seeds / "zzz_broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    sidecar = project.editorial / "captures" / "001_c4aa026987c2cfb4.yaml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("published: ", "published: [", 1),
                       encoding="utf-8")
    result = run_cli(["build"], tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert re.search(r"zzz_broken\.txt, byte offset \d+: binary", result.stderr)
    assert re.search(r"001_c4aa026987c2cfb4\.yaml, line \d+: YAML syntax error", result.stderr)
    assert _snapshot(project.docs) == before


def test_sidecar_errors_name_file_line_and_field(tmp_path):
    project = copy_project(tmp_path)
    sidecar = project.editorial / "captures" / "000_b30b6e6a77daa84b.yaml"
    text = sidecar.read_text(encoding="utf-8")
    lines = text.split("\n")
    line_no = next(i for i, line in enumerate(lines, 1) if line.strip().startswith("published:"))
    lines[line_no - 1] = "    published: 4 December 2025"
    sidecar.write_text("\n".join(lines), encoding="utf-8")
    result = run_cli(["build"], tmp_path)
    assert result.returncode == 2
    assert f"000_b30b6e6a77daa84b.yaml, line {line_no}, field 'published'" in result.stderr


def test_unknown_sidecar_field_is_an_error(tmp_path):
    project = copy_project(tmp_path)
    sidecar = project.editorial / "captures" / "000_b30b6e6a77daa84b.yaml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("    slug:", "    slugg: x\n    slug:", 1),
                       encoding="utf-8")
    result = run_cli(["build"], tmp_path)
    assert result.returncode == 2 and "unknown field 'slugg'" in result.stderr


def test_inspect_prints_json_for_any_file(tmp_path):
    capture = tmp_path / "outside.txt"
    capture.write_text("Title line here\n\nA short paragraph of English prose that ends here.\n", encoding="utf-8")
    result = run_cli(["inspect", str(capture), "--json"], ROOT)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["seed"] == "outside.txt"
    (article,) = data["articles"]
    assert article["title"] == "Title line here"
    assert [b["kind"] for b in article["blocks"]] == ["heading", "paragraph"]


def test_inspect_reports_bad_file_without_traceback(tmp_path):
    capture = tmp_path / "empty.txt"
    capture.write_bytes(b"")
    result = run_cli(["inspect", str(capture), "--json"], ROOT)
    assert result.returncode == 2
    assert "empty.txt, byte offset 0: the capture is empty" in result.stderr and "Traceback" not in result.stderr


def test_site_builds_strict_and_failure_keeps_previous_site(tmp_path):
    # One capture's site: a strict build fails the same way at any size.
    project = small_project(tmp_path)
    shutil.copy(FIXTURES / "zh_hans_plain.txt", project.seeds / "zh_hans_plain.txt")
    assert run_cli(["build"], tmp_path).returncode == 0
    (project.site / "articles").mkdir(parents=True)
    (project.site / "articles" / "kept.html").write_text("<p>the previous build</p>", encoding="utf-8")
    before = _snapshot(project.site)
    (project.docs / "broken.md").write_text("[dead link](nowhere.md)\n", encoding="utf-8")
    result = run_cli(["site"], tmp_path)
    assert result.returncode != 0 and "nowhere.md" in result.stderr
    assert _snapshot(project.site) == before
    assert not (tmp_path / "site.new").exists()


def test_no_kangxi_radical_or_chrome_string_anywhere_in_docs(project):
    from tests.test_cleaner import CHROME, KANGXI
    for path in sorted(project.docs.rglob("*")):
        if path.suffix not in (".md", ".css", ".js", ".html"):
            continue
        text = path.read_text(encoding="utf-8")
        assert not KANGXI.search(text), path
        for chrome in CHROME:
            if chrome == "Follow":
                assert not re.search(r"\bFollow\b", text), path
            else:
                assert chrome not in text, (chrome, path)


def test_full_cleaning_report_quotes_what_was_removed(project):
    report = (project.root / "reports" / "cleaning-report.md").read_text(encoding="utf-8")
    assert "网易首页" in report and "⼈" in report and "constructionof" in report


def test_headings_render_as_headings(built_site, seeds):
    """Every heading block becomes an HTML heading with its id; no Markdown leaks as text."""
    for data in seeds.values():
        for article in data["articles"]:
            html = (built_site / "articles" / f"{article['slug']}.html").read_text(encoding="utf-8")
            assert not re.search(r"#{2,4} <span|\{#[hpc]-", html), article["slug"]
            for block in article["blocks"]:
                if block["kind"] == "heading" and block["role"] == "body":
                    heading = re.search(rf'<h[2-4] id="{block["id"]}">(.*?)</h[2-4]>', html)
                    assert heading, (article["slug"], block["text"])
                    # The reader sees the heading's own text: no escaping backslash left visible.
                    own = re.sub(r'<span lang="en" class="digest-ours".*?</span>', "", heading.group(1))
                    shown = html_module.unescape(re.sub(r"<a [^>]*>.*?</a>|<[^>]+>", "", own))
                    assert shown.strip() == to_simplified_variant(block["text"]), (article["slug"], shown)


def test_search_index_leaves_out_what_repeats_the_articles(built_site):
    """Sections that repeat other pages' text (related articles, timelines, an entry's mentions)
    and whole aggregate pages stay out of the search index; the articles' own text is in it.
    Read from the whole index (the offline copy's search_index.js): the hosted search_index.json
    is the chunked index's manifest (tests/test_search_shards.py)."""
    index = read_full_index(built_site / "search")
    locations = [doc["location"] for doc in index["docs"]]
    for anchor in ("#related-articles", "#in-this-article", "#timeline", "#mentioned-in", "#related"):
        assert not [loc for loc in locations if loc.endswith(anchor)], anchor
    for page in ("timeline.html", "sources.html", "build-report.html"):
        assert not [loc for loc in locations if loc.split("#")[0].removeprefix("zh-Hant/") == page], page
    article_text = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("articles/"))
    assert "孙正义" in article_text.replace("\u200b", "") and len(article_text) > 50_000
    assert any(loc.startswith("glossary/") for loc in locations)
