"""Glossary features of the built site in headless Chromium: tooltips on mentions in English,
Simplified and Traditional text (mouse, keyboard and touch), entry pages, and Chinese search
for glossary names (served over HTTP; search from file:// belongs to the offline copy)."""
from __future__ import annotations

import json
import re

import pytest

from build_scripts.glossary import collision_key
from tests.conftest import serve
from tests.test_browser import DESKTOP, PHONE, article, browser_page, chromium_browser, load  # noqa: F401
from tests.prose import mention_of

sync_api = pytest.importorskip("playwright.sync_api")


def entry_for(glossary, form: str):
    key = collision_key(form)
    return next(e for e in glossary.entries.values() if key in {collision_key(f) for f in e.surface_forms()})


def articles_with_mention(site, text: str, linked: bool = True) -> list[str]:
    """Paths (articles/SLUG.html, or under zh-Hant/ for the Traditional variant) of the articles
    whose page links `text` to its entry (a first mention), or (linked=False) whose text names it
    anywhere (later mentions are plain text). Read from the built HTML."""
    pages = sorted((site / "articles").glob("*.html")) + sorted((site / "zh-Hant" / "articles").glob("*.html"))

    def names(html: str) -> bool:
        if linked:
            return f">{text}</a>" in html
        return text in re.sub(r"<[^>]+>", "", html[html.index("<article"):html.index("</article>")])

    found = [page.relative_to(site).as_posix() for page in pages if names(page.read_text(encoding="utf-8"))]
    assert found, f"no article names {text!r}"
    return found


def article_with_mention(site, text: str) -> str:
    return articles_with_mention(site, text)[0]


def tooltip_after(page, selector: str, action: str) -> dict:
    mention = page.locator(selector).first
    mention.scroll_into_view_if_needed()
    if action == "hover":
        mention.hover()
    elif action == "focus":
        mention.focus()
    else:
        mention.tap()
    page.wait_for_selector("#gl-tip:not([hidden])", timeout=3000)
    return page.evaluate("""() => { const t = document.getElementById('gl-tip');
        return {text: t.innerText, langs: [...t.querySelectorAll('[lang]')].map(e => e.lang),
                described: !!document.querySelector('[aria-describedby="gl-tip"]')}; }""")


@pytest.mark.parametrize("form", ["孫正義", "孙正义", "黃仁勳", "Masayoshi Son"])
def test_hovering_a_mention_shows_the_other_language_pinyin_and_description(chromium_browser, built_site,
                                                                            glossary, form):
    """The tooltip speaks the language (and script) of the text around the mention."""
    entry = entry_for(glossary, form)
    path = article_with_mention(built_site, form)
    with browser_page(chromium_browser, DESKTOP) as page:
        load(page, built_site, path)
        selector = f'{mention_of(entry.id)}:text-is("{form}")'
        language = page.eval_on_selector(selector, "e => e.closest('[lang]').lang")
        tip = tooltip_after(page, selector, "hover")
    assert tip["described"], "the mention points at its tooltip (aria-describedby)"
    if language == "en":
        assert entry.name_hans in tip["text"]
        assert entry.description_en[:30] in tip["text"]
    else:
        assert entry.name_en in tip["text"]
        description = entry.description_hant if language == "zh-Hant" else entry.description_hans
        assert description[:12] in tip["text"], (language, tip["text"])
    assert entry.pinyin in tip["text"]


def test_keyboard_focus_shows_the_tooltip_and_escape_hides_it(chromium_browser, built_site, glossary):
    entry = entry_for(glossary, "Masayoshi Son")
    with browser_page(chromium_browser, DESKTOP) as page:
        load(page, built_site, article_with_mention(built_site, "Masayoshi Son"))
        tip = tooltip_after(page, mention_of(entry.id), "focus")
        assert entry.name_hans in tip["text"]
        page.keyboard.press("Escape")
        assert page.locator("#gl-tip").is_hidden()


def test_tap_on_a_phone_explains_first_and_follows_the_link_second(chromium_browser, built_site, glossary):
    entry = entry_for(glossary, "孫正義")
    context = chromium_browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                   else route.abort())
        path = article_with_mention(built_site, "孙正义")
        load(page, built_site, path)
        selector = f'{mention_of(entry.id)}:text-is("孙正义")'
        tip = tooltip_after(page, selector, "tap")
        assert entry.name_en in tip["text"]
        assert page.url.endswith(path), "the first tap must not navigate"
        box = page.evaluate("() => { const r = document.getElementById('gl-tip').getBoundingClientRect();"
                            " return [r.left, r.right, document.documentElement.clientWidth]; }")
        assert box[0] >= 0 and box[1] <= box[2], f"tooltip off screen: {box}"
        with page.expect_navigation():
            page.locator(selector).first.tap()
        assert page.url.endswith(f"glossary/{entry.id}.html")
    finally:
        context.close()


def test_every_article_has_tooltip_data_for_each_mentioned_entry(built_site):
    for page in sorted((built_site / "articles").glob("*.html")):
        html = page.read_text(encoding="utf-8")
        body = html[html.index("<article"):html.index("</article>")]
        mentioned = set(__import__("re").findall(r'<a href="\.\./glossary/([a-z0-9-]+)\.html"', body))
        assert mentioned, f"{page.name}: no glossary mention"
        assert 'id="digest-glossary-data"' not in html       # the cards are in the page's data file
        script = (page.parent / page.name.replace(".html", ".data.js")).read_text(encoding="utf-8")
        data = json.loads(script[script.index("receive(") + len("receive("):script.rindex(");")])["digest-glossary-data"]
        assert mentioned <= set(data), f"{page.name}: tooltips missing for {mentioned - set(data)}"


def test_entry_page_links_reach_the_mentioning_paragraphs(chromium_browser, built_site, glossary):
    entry = entry_for(glossary, "黃仁勳")
    with browser_page(chromium_browser, DESKTOP) as page:
        load(page, built_site, f"glossary/{entry.id}.html")
        links = page.eval_on_selector_all(".gl-mentions li a", "els => els.map(e => [e.getAttribute('href'), "
                                          "e.querySelector('mark').textContent])")
        assert links
        for href, name in links[:5]:
            load(page, built_site, "glossary/" + href)
            anchor = href.partition("#")[2]
            assert page.locator(f"[id='{anchor}']").count() == 1, href
            assert name in page.locator(f"[id='{anchor}']").inner_text(), (href, name)


def test_glossary_index_sorts_by_pinyin(chromium_browser, built_site):
    with browser_page(chromium_browser, DESKTOP) as page:
        load(page, built_site, "glossary/index.html")
        page.click("button[data-sort='py']")
        keys = page.evaluate("[...document.querySelector('table.gl-table').tBodies[0].rows].map(r => r.dataset.py)")
        assert keys == sorted(keys) and len(keys) > 5
        page.reload()
        assert page.get_attribute("button[data-sort='py']", "aria-pressed") == "true", "the choice persists"


# --- search over HTTP -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def served_site(built_site):
    with serve(built_site) as url:
        yield url


def all_results(page) -> list[str]:
    """Every result's link: Material renders results ten at a time, more as the list scrolls."""
    count, stable = -1, 0
    for _ in range(80):
        hrefs = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
        stable = stable + 1 if len(hrefs) == count else 0
        if stable == 3:
            return hrefs
        count = len(hrefs)
        page.eval_on_selector(".md-search__scrollwrap", "e => e.scrollTo(0, e.scrollHeight)")
        page.wait_for_timeout(120)
    return hrefs


def search(browser, served_site: str, home: str, query: str, visible_pages: bool = False) -> list[str]:
    """Type a query into the served site's search box; every result's link, or with visible_pages
    the page link of each result item the site shows (hidden duplicates left out)."""
    context = browser.new_context(viewport=DESKTOP)
    try:
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(served_site)
                      else route.abort())
        page = context.new_page()
        page.goto(served_site + home)
        page.click("input.md-search__input")
        page.keyboard.type(query)
        page.wait_for_selector(".md-search-result__item:not([hidden])", timeout=15000)
        hrefs = all_results(page)
        if visible_pages:   # each result item: its page's link (then its sections')
            hrefs = page.eval_on_selector_all(".md-search-result__item:not([hidden])",
                                              "els => els.map(e => e.querySelector('a').href.split('#')[0])")
        return hrefs
    finally:
        context.close()


@pytest.mark.parametrize("home, query, form", [
    ("index.html", "克里希纳穆尔蒂", "拉贾·克里希纳穆尔蒂"), ("index.html", "孙正义", "孙正义"),
    ("index.html", "特朗普", "特朗普"), ("index.html", "英伟达", "英伟达"),
    ("zh-Hant/index.html", "克里希納穆爾蒂", "拉賈·克里希納穆爾蒂"), ("zh-Hant/index.html", "孫正義", "孫正義"),
    ("zh-Hant/index.html", "貝森特", "貝森特"), ("zh-Hant/index.html", "川普", "川普"),
    ("zh-Hant/index.html", "輝達", "輝達"),
])
def test_chinese_search_finds_glossary_names(chromium_browser, served_site, built_site, home, query, form):
    """In each variant, a name typed in that variant's script and vocabulary finds an article of
    that variant that names it. (The other variant's pages may name it too: in a quotation, or
    where a capture in that script wrote it so.)"""
    expected = [p for p in articles_with_mention(built_site, form, linked=False) if p.startswith("zh-Hant/") == home.startswith("zh-Hant/")]
    assert expected, form
    hrefs = search(chromium_browser, served_site, home, query)
    found = {h.split("?")[0].split("#")[0].removeprefix(served_site) for h in hrefs}
    assert found & set(expected), (query, expected, sorted(found)[:8])


@pytest.mark.parametrize("home, query", [("index.html", "川普"), ("zh-Hant/index.html", "特朗普"),
                                         ("index.html", "Nvidia"), ("zh-Hant/index.html", "Bessent")])
def test_search_results_stay_in_the_readers_variant_and_list_each_page_once(
        chromium_browser, served_site, built_site, home, query):
    """One index serves both variants: a name typed in the other variant's vocabulary, or an English
    word found in both, leads to this variant's pages, each listed once."""
    shown = search(chromium_browser, served_site, home, query, visible_pages=True)
    paths = [h.removeprefix(served_site) for h in shown]
    assert paths and len(paths) == len(set(paths)), "\n".join(paths)
    assert all(p.startswith("zh-Hant/") == home.startswith("zh-Hant/") for p in paths), paths
    assert any(p.split("/")[-2:-1] == ["articles"] for p in paths), paths
