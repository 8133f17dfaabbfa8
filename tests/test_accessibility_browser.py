"""Accessibility of the built site: axe-core (pinned in package-lock.json, installed into
node_modules/ by bin/test) run in headless Chromium against pages opened from file:// with the
network blocked. Serious and critical violations fail; moderate and minor ones are not checked.
Colour contrast depends on the scheme, so the home page and the articles are checked in the light
and the dark palette (Material picks the scheme from prefers-color-scheme on a first visit)."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.test_browser import (DESKTOP, LOCAL_SCHEMES, MASAYOSHI, WHITE_HOUSE, article,  # noqa: F401
                                chromium_browser, load)

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = {"serious", "critical"}
SHOWN_NODES = 3
HTML_CHARS = 200
SUMMARY_CHARS = 300
# Material's body attribute for each prefers-color-scheme (mkdocs.yml, theme.palette).
MATERIAL_SCHEMES = {"light": "default", "dark": "slate"}

GLOSSARY_ENTRY = "glossary/masayoshi-son.html"
PAGES = ("index.html", article(MASAYOSHI), article(WHITE_HOUSE), "glossary/index.html", GLOSSARY_ENTRY,
         "timeline.html", "zh-Hant/index.html")
DARK_PAGES = ("index.html", article(MASAYOSHI), article(WHITE_HOUSE), "glossary/index.html", "glossary/masayoshi-son.html",
              "timeline.html")
CASES = [(path, "light") for path in PAGES] + [(path, "dark") for path in DARK_PAGES]

# Only what the report needs comes back from the page: axe's full results are large.
AXE_RUN_JS = """() => axe.run(document, {resultTypes: ['violations']}).then(results =>
  results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, count: v.nodes.length,
    nodes: v.nodes.slice(0, %d).map(n => ({target: n.target, html: n.html,
                                            summary: n.failureSummary || ''})),
  })))""" % SHOWN_NODES


# Session-scoped and first in the test's arguments, so that a missing axe-core fails before the
# session's site build (pytest sets up higher-scoped fixtures first, then in argument order).
@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE.is_file():
        pytest.fail(f"{AXE.relative_to(ROOT)} is missing: run the tests with bin/test, which installs "
                    "the npm packages pinned in package-lock.json (npm ci)", pytrace=False)
    return AXE


@contextmanager
def scheme_page(browser, color_scheme: str):
    """Like test_browser.browser_page, with the context's prefers-color-scheme set: a fresh page
    whose requests that would leave the machine are aborted."""
    context = browser.new_context(viewport=DESKTOP, color_scheme=color_scheme)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(LOCAL_SCHEMES)
                  else route.abort())
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def selector(target: list) -> str:
    """axe's target: one CSS selector per frame or shadow root, nested lists for shadow DOM."""
    return " >> ".join(selector(part) if isinstance(part, list) else part for part in target)


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{v['count']} node(s)] {v['helpUrl']}")
        for node in v["nodes"]:
            lines.append(f"    target: {selector(node['target'])}")
            lines.append(f"      html: {shorten(node['html'], HTML_CHARS)}")
            if node["summary"]:
                lines.append(f"      why:  {shorten(node['summary'], SUMMARY_CHARS)}")
        if v["count"] > len(v["nodes"]):
            lines.append(f"    ... and {v['count'] - len(v['nodes'])} more node(s)")
    return "\n".join(lines)


@pytest.mark.parametrize("path,color_scheme", CASES, ids=[f"{p}-{s}" for p, s in CASES])
def test_no_serious_or_critical_axe_violations(axe_script, chromium_browser, built_site, path, color_scheme):
    assert (built_site / path).is_file(), f"{path} was not built"
    with scheme_page(chromium_browser, color_scheme) as page:
        load(page, built_site, path)
        scheme = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
        assert scheme == MATERIAL_SCHEMES[color_scheme], \
            f"{path}: prefers-color-scheme {color_scheme} gave Material's scheme {scheme!r}"
        page.add_script_tag(path=str(axe_script))
        violations = page.evaluate(AXE_RUN_JS)
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not failing, (f"{path} ({color_scheme}): {len(failing)} serious/critical axe-core violation(s):\n"
                         + describe(failing))
