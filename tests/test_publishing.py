"""Publishing and editing: the Pages workflow, edit buttons, feed, sitemap, favicon, social metadata
and language tags of the built site."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from build_scripts.output import is_generated
from tests.conftest import ROOT

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def _actionlint() -> str:
    found = shutil.which("actionlint") or str(Path(sys.executable).with_name("actionlint"))
    assert Path(found).exists(), "actionlint is installed by bin/test (requirements-test.lock)"
    return found


def test_workflows_pass_actionlint():
    assert WORKFLOWS
    result = subprocess.run([_actionlint(), *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    """The lint is real: a typo in an expression and an unknown key are reported."""
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    stepz: []\n"
                      "    steps:\n      - run: echo ${{ github.nope.really }}\n", encoding="utf-8")
    result = subprocess.run([_actionlint(), str(broken)], capture_output=True, text=True)
    assert result.returncode != 0 and "stepz" in result.stdout


def test_workflow_builds_with_the_readme_commands_and_deploys_pages():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    runs = [step.get("run", "") for job in workflow["jobs"].values() for step in job.get("steps", [])]
    uses = [step.get("uses", "") for job in workflow["jobs"].values() for step in job.get("steps", [])]
    for command in ("bin/build-site", "bin/test"):
        assert command in readme and any(run.startswith(command) for run in runs), command
    assert any("build_scripts check" in run for run in runs)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/upload-artifact@") for u in uses)       # the PR preview
    deploy = workflow["jobs"]["deploy"]
    assert "refs/heads/main" in deploy["if"] and deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert (ROOT / ".github" / "pull_request_template.md").exists()
    assert "bin/test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


# --- the built site ----------------------------------------------------------------------------------

def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def _edit_link(page: Path) -> str | None:
    match = re.search(r'<a href="([^"]+)" title="[^"]*" class="md-content__button md-icon"', page.read_text("utf-8"))
    return match.group(1) if match else None


def test_edit_buttons_open_the_source_file_never_a_generated_page(built_site):
    repository = "https://github.com/bilingual-digest/bilingual-digest"
    checked = 0
    for page in _pages(built_site):
        link = _edit_link(page)
        assert link, f"{page.relative_to(built_site)}: no edit button"
        assert link.startswith(f"{repository}/edit/main/"), link
        source = ROOT / link.removeprefix(f"{repository}/edit/main/")
        assert source.is_file(), f"{page.relative_to(built_site)} -> {source}"
        assert not is_generated(source), f"{page.relative_to(built_site)} edits a generated file: {source}"
        checked += 1
    assert checked > 500
    article = built_site / "zh-Hant" / "articles" / "jensen-huang-us-china-ai-factory-race.html"
    assert _edit_link(article).endswith("editorial/captures/002_5e8ee65edc201a9f.yaml")
    assert _edit_link(built_site / "glossary" / "nvidia.html").endswith("editorial/glossary/nvidia.yaml")
    assert _edit_link(built_site / "zh-Hant" / "about.html").endswith("docs/about.md")


def test_feed_lists_articles_with_their_published_dates(built_site):
    feed = ET.parse(built_site / "feed.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    articles = {}
    for sidecar in sorted((ROOT / "editorial" / "captures").glob("*.yaml")):
        for item in yaml.safe_load(sidecar.read_text(encoding="utf-8"))["articles"]:
            articles[item["slug"]] = str(item["published"])
    assert len(entries) == len(articles)
    published = [e.find(f"{ATOM}published").text for e in entries]
    assert published == sorted(published, reverse=True)
    for entry in entries:
        href = entry.find(f"{ATOM}link").get("href")
        slug = href.removeprefix("articles/").removesuffix(".html")
        assert entry.find(f"{ATOM}published").text == f"{articles[slug]}T00:00:00Z"
        assert (built_site / href).is_file()
        assert entry.find(f"{ATOM}summary").text
    assert feed.find(f"{ATOM}updated").text == max(published)


def test_sitemap_lists_every_page_at_the_published_address(built_site):
    root = ET.parse(built_site / "sitemap.xml").getroot()
    locations = [u.find(f"{SITEMAP}loc").text for u in root.findall(f"{SITEMAP}url")]
    base = "https://bilingual-digest.github.io/bilingual-digest/"
    assert all(loc.startswith(base) for loc in locations), locations[:3]
    listed = {loc.removeprefix(base) for loc in locations}
    pages = {p.relative_to(built_site).as_posix() for p in _pages(built_site)}
    assert {p for p in pages if not p.startswith("zh-Hant/")} <= listed
    lastmod = {u.find(f"{SITEMAP}lastmod").text for u in root.findall(f"{SITEMAP}url")}
    assert lastmod == {max(e.split("T")[0] for e in [
        x.text for x in ET.parse(built_site / "feed.xml").getroot().iter(f"{ATOM}published")])}


@pytest.mark.parametrize("path", ["index.html", "articles/masayoshi-son-trump-industrial-parks.html",
                                  "zh-Hant/glossary/nvidia.html", "timeline.html"])
def test_pages_have_favicon_and_social_metadata(built_site, path):
    page = (built_site / path).read_text(encoding="utf-8")
    head = page.split("</head>")[0]
    icon = re.search(r'<link rel="icon" href="([^"]+)"', head).group(1)
    assert (built_site / path).parent.joinpath(icon).resolve().is_file()
    for name in ("og:title", "og:description", "og:type", "og:url"):
        value = re.search(rf'<meta property="{name}" content="([^"]*)"', head)
        assert value and value.group(1).strip(), name
    assert re.search(r'<meta name="description" content="[^"]+"', head)
    feed = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', head).group(1)
    assert (built_site / path).parent.joinpath(feed).resolve() == (built_site / "feed.xml").resolve()
    lang = re.search(r'<html lang="([^"]+)"', page).group(1)
    assert lang == ("zh-Hant" if path.startswith("zh-Hant/") else "zh-Hans")


# --- `check`: every kind of editorial mistake, with the file, the line and the reason --------------

def _break(project_root: Path, relative: str, old: str | None, new: str) -> None:
    path = project_root / relative
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if old is None:
        text = new
    else:
        assert old in text, (relative, old)
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


MISTAKES = [
    # (file, text to replace or None for the whole file, replacement, what the message must say)
    ("editorial/captures/001_c4aa026987c2cfb4.yaml", "    publisher:", "    publsher: x\n    publisher:",
     "editorial/captures/001_c4aa026987c2cfb4.yaml, line 9, field 'publsher': unknown field"),
    ("editorial/captures/001_c4aa026987c2cfb4.yaml", "published: 2025-12-06", "published: 2025-13-45",
     "editorial/captures/001_c4aa026987c2cfb4.yaml, line 13"),
    ("editorial/glossary/nvidia.yaml", "type: organisation", "type: company", "editorial/glossary/nvidia.yaml, line"),
    ("editorial/glossary/cuda.yaml", 'id: "cuda"', 'id: "nvidia"', "editorial/glossary/cuda.yaml"),
    ("editorial/translations/white-house-contacts-china-shenzhen-2-0.yaml", "blocks:", "blocks:\n  p-nothex!:\n    en: x",
     "editorial/translations/white-house-contacts-china-shenzhen-2-0.yaml, line 8"),
    ("editorial/notes/masayoshi-son-trump-industrial-parks.yaml", "  - quote: \"", "  - quote: \"NOT IN THE TEXT ",
     "editorial/notes/masayoshi-son-trump-industrial-parks.yaml, line"),
    ("rules/conversion.yaml", "pairs:", "pairs:\n  - {hans: 只有一边}", "rules/conversion.yaml, line"),
    ("rules/cleaning.yaml", None, "rules: [unclosed\n", "rules/cleaning.yaml, line"),
    ("editorial/captures/002_5e8ee65edc201a9f.yaml", "events:", "events:\n      - id: p-00000000@nothing\n        hide: true",
     "editorial/captures/002_5e8ee65edc201a9f.yaml, line"),
]


@pytest.mark.parametrize("relative, old, new, message", MISTAKES, ids=[m[0].split("/")[-1] + "-" + str(i)
                                                                        for i, m in enumerate(MISTAKES)])
def test_check_names_each_kind_of_editorial_mistake(tmp_path, monkeypatch, capsys, relative, old, new, message):
    from build_scripts import cli
    from tests.conftest import copy_project

    project = copy_project(tmp_path)
    _break(project.root, relative, old, new)
    monkeypatch.chdir(project.root)
    status = cli.main(["check"])
    err = capsys.readouterr().err
    assert status == 2, err
    assert message in err, err
    assert "Traceback" not in err


def test_check_fails_when_docs_are_stale(tmp_path, monkeypatch, capsys):
    from build_scripts import cli
    from tests.conftest import copy_project

    project = copy_project(tmp_path)
    monkeypatch.chdir(project.root)
    assert cli.main(["check"]) == 0
    page = project.docs / "articles" / "masayoshi-son-trump-industrial-parks.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nhand edit\n", encoding="utf-8")
    assert cli.main(["check"]) == 1
    assert "stale: docs/articles/masayoshi-son-trump-industrial-parks.md" in capsys.readouterr().err
