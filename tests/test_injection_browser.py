"""Hostile input shows as text: a capture, its sidecar, a glossary entry, a translation and a note
full of <script>, event handlers, javascript: links, raw HTML, Markdown and Jinja-like syntax are
built into a real site and loaded in headless Chromium. No script runs and no such element exists."""
from __future__ import annotations

import json
import re

import pytest

from build_scripts.build import read_project_corpus
from build_scripts.translations import fingerprint
from tests.conftest import run_cli, serve, small_project
from tests.test_browser import DESKTOP, browser_page, chromium_browser, load  # noqa: F401
from tests.prose import MENTIONS

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<script>window.__pwned = 'script'</script>",
    '<img src=x onerror="window.__pwned = \'img\'">',
    "[点我](javascript:window.__pwned='md-link')",
    '<b onmouseover="window.__pwned = \'b\'">raw HTML</b>',
    '<iframe src="javascript:window.__pwned=\'iframe\'"></iframe>',
    "{{ config.site_name }} {% raw %} **bold** `code` <!-- comment -->",
]
SLUG = "hostile-capture"


def _capture() -> str:
    lines = ["恶意抓取测试：<script>window.__pwned = 'title'</script>", ""]
    for number, payload in enumerate(PAYLOADS, start=1):
        lines += [f"这是第{number}段，包含恶意代码{payload}，应当原样显示为文字，不能执行。", ""]
    lines += ["This English paragraph carries " + " and ".join(PAYLOADS) + ", shown as text.", ""]
    lines += ["## not a heading # {#evil} <b>raw</b> & done, a line that looks like Markdown to the end.", ""]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    project = small_project(root)
    (project.seeds / "900_hostile.txt").write_text(_capture(), encoding="utf-8")
    (project.editorial / "captures" / "900_hostile.yaml").write_text(
        "articles:\n  - slug: " + SLUG + "\n"
        "    title: {en: " + json.dumps("Hostile <script>window.__pwned='sidecar'</script> title") + ", zh: "
        + json.dumps("恶意<img src=x onerror=\"window.__pwned='sidecar-zh'\">标题") + "}\n"
        "    published: 2025-12-01\n"
        "    summary: {en: " + json.dumps(PAYLOADS[3] + " summary") + ", zh: " + json.dumps("摘要" + PAYLOADS[1]) + "}\n",
        encoding="utf-8")
    (project.editorial / "glossary" / "hostile-term.yaml").write_text(
        "id: hostile-term\ntype: concept\nname:\n  en: \"Hostile term\"\n  zh-Hans: \"恶意代码\"\n  zh-Hant: \"惡意代碼\"\n"
        "description:\n  en: " + json.dumps("A term whose description is " + PAYLOADS[0] + PAYLOADS[1]) + "\n"
        "  zh-Hans: " + json.dumps("描述" + PAYLOADS[4]) + "\n", encoding="utf-8")
    article = next(a for a in read_project_corpus(project).articles if a.slug == SLUG)
    chinese = [b for b in article.blocks if b.lang == "zh" and not b.pair and b.role == "body"]
    entries = "".join(f"  {b.id}:\n    source: {json.dumps(b.text, ensure_ascii=False)}\n"
                      f"    fingerprint: \"{fingerprint(b.text)}\"\n"
                      f"    en: {json.dumps('Our translation with ' + PAYLOADS[i % len(PAYLOADS)])}\n"
                      for i, b in enumerate(chinese))
    (project.editorial / "translations" / f"{SLUG}.yaml").write_text(
        f"article: {SLUG}\nblocks:\n{entries}", encoding="utf-8")
    (project.editorial / "notes" / f"{SLUG}.yaml").write_text(
        "context:\n  en: " + json.dumps("Context " + PAYLOADS[0]) + "\n  zh: " + json.dumps("背景" + PAYLOADS[2]) + "\n"
        "notes:\n  - quote: \"应当原样显示为文字\"\n    kind: caveat\n    en: " + json.dumps("Note " + PAYLOADS[1])
        + "\n    zh: " + json.dumps("注释" + PAYLOADS[3]) + "\n", encoding="utf-8")
    for command in (["build"], ["site"]):
        result = run_cli(command, root)
        assert result.returncode == 0, result.stderr[-3000:]
    return project.site


def test_generated_markdown_and_html_carry_the_markup_as_text(hostile_site):
    """The generated Markdown holds the capture's markup as entities; the built page's body and its
    <title> show it as text, and a heading-like line gives no heading and no id."""
    markdown = (hostile_site.parent / "docs" / "articles" / f"{SLUG}.md").read_text(encoding="utf-8")
    assert "<script>window" not in markdown and "<img src=x" not in markdown and "<b onmouseover" not in markdown
    assert "&lt;script&gt;" in markdown
    html = (hostile_site / "articles" / f"{SLUG}.html").read_text(encoding="utf-8")
    body = html.split('class="digest-header"', 1)[1]
    assert "<script>window" not in body and "<img src=x" not in body and 'href="javascript' not in body
    assert "{{ config.site_name }}" in body and "**bold**" in body
    assert 'id="evil"' not in html and "<b>raw</b>" not in body
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "<script>" not in title and "&lt;script&gt;" in title


NO_INJECTED_ELEMENTS_JS = """() => ({
  pwned: window.__pwned === undefined ? null : String(window.__pwned),
  images: document.querySelectorAll('img[src="x"], img[onerror]').length,
  handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => /^on/i.test(a.name))).length,
  iframes: [...document.querySelectorAll('iframe')].filter(f => /javascript:/i.test(f.getAttribute('src') || '')).length,
  bold: document.querySelectorAll('.md-content b[onmouseover], .md-content strong').length,
  jsLinks: [...document.querySelectorAll('a[href]')].filter(a => /^\\s*javascript:/i.test(a.getAttribute('href'))).length,
  // Data islands (type application/json) may hold the text; no script that runs may.
  scripts: [...document.querySelectorAll('script:not([src])')].filter(s => (!s.type || /javascript|module/.test(s.type))
                                                                    && s.textContent.includes('__pwned')).length,
})"""


@pytest.mark.parametrize("path", [f"articles/{SLUG}.html", f"zh-Hant/articles/{SLUG}.html", "glossary/hostile-term.html",
                                  "index.html", "timeline.html"])
def test_hostile_text_shows_as_text_and_never_runs(chromium_browser, hostile_site, path):
    dialogs = []
    with browser_page(chromium_browser, DESKTOP) as page:
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        load(page, hostile_site, path)
        page.mouse.move(400, 400)
        for selector in (".md-content p", MENTIONS):
            for element in page.locator(selector).all()[:40]:
                element.hover(timeout=2000, force=True)
        found = page.evaluate(NO_INJECTED_ELEMENTS_JS)
        text = page.inner_text("body")
    assert found == {"pwned": None, "images": 0, "handlers": 0, "iframes": 0, "bold": 0, "jsLinks": 0,
                     "scripts": 0}, found
    assert not dialogs
    if path.startswith(("articles/", "zh-Hant/articles/")):
        for literal in ("<script>window.__pwned = 'script'</script>", "{{ config.site_name }}", "{% raw %}",
                        "](javascript:window.__pwned='md-link')", "**bold**"):
            assert literal in text, literal


def test_hosted_search_shows_hostile_text_as_text(chromium_browser, hostile_site):
    """Over HTTP the search worker builds result HTML from the chunked index itself
    (build_scripts/search_shards.js): the captures' text in it is escaped, only <mark> is ours."""
    with serve(hostile_site) as base:
        found, dialogs, results, marks = _search_hosted(chromium_browser, base, "恶意")
    assert found == {"pwned": None, "images": 0, "handlers": 0, "iframes": 0, "bold": 0, "jsLinks": 0,
                     "scripts": 0}, found
    assert not dialogs
    assert "恶意<img src=x onerror=" in results.replace("\u200b", ""), results[:500]
    assert marks and not [m for m in marks if "<" in m], marks


def _search_hosted(chromium_browser, base: str, query: str):
    context = chromium_browser.new_context(viewport=DESKTOP)
    dialogs = []
    try:
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(base + "index.html")
        page.click("input.md-search__input")
        page.keyboard.type(query)
        page.wait_for_selector(".md-search-result__item:not([hidden])", timeout=15000)
        page.wait_for_timeout(300)
        results = page.inner_text(".md-search-result")
        marks = page.eval_on_selector_all(".md-search-result mark", "els => els.map(e => e.textContent)")
        found = page.evaluate(NO_INJECTED_ELEMENTS_JS)
    finally:
        context.close()
    return found, dialogs, results, marks
