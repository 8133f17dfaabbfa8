"""The site builds on ProperDocs, the maintained MkDocs 1.x fork, as it does on MkDocs (MkDocs 2
drops plugins; Material for MkDocs is in maintenance mode: see the README's "Engine" section)."""
from __future__ import annotations

import re
import shutil

import pytest

from tests.conftest import FIXTURES, run_cli, small_project


def _pages(site):
    """Every built page with the generator's name left out, by path."""
    return {p.relative_to(site).as_posix(): re.sub(r'<meta name="generator"[^>]*>', "", p.read_text(encoding="utf-8"))
            for p in sorted(site.rglob("*.html"))}


# Two more site builds: CI runs it (bin/test --exhaustive), a contributor's run leaves it out.
@pytest.mark.exhaustive
def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path):
    project = small_project(tmp_path)
    shutil.copy(FIXTURES / "zh_hans_plain.txt", project.seeds / "zh_hans_plain.txt")
    assert run_cli(["build"], tmp_path).returncode == 0
    built = {}
    for engine in ("mkdocs", "properdocs"):
        result = run_cli(["site", "--engine", engine], tmp_path)
        assert result.returncode == 0, result.stderr[-2000:]
        built[engine] = _pages(project.site)
        generator = re.search(r'<meta name="generator" content="([^"]+)"', (project.site / "index.html").read_text(encoding="utf-8"))
        assert generator and (engine == "mkdocs") != ("ProperDocs" in generator.group(1)), generator
    assert any(path.startswith("articles/") for path in built["properdocs"])
    assert any(path.startswith("zh-Hant/articles/") for path in built["properdocs"])
    assert built["properdocs"] == built["mkdocs"]
