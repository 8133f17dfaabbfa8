"""Reader pages as a reader meets them (issue 21), in headless Chromium, served over HTTP as
GitHub Pages serves them and from file:// as the offline copy opens them: no console error, no
failed request, no sitemap download, nothing for maintainers, a labelled 简体 / 繁體 switch that
remembers the choice without redirecting."""
from __future__ import annotations

import re

import pytest

from tests.conftest import serve
from tests.test_browser import DESKTOP, MASAYOSHI, PHONE, article, chromium_browser  # noqa: F401

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser

SMALL_PHONE = {"width": 360, "height": 740}     # issue 21's narrowest screen
READER_PAGES = ["index.html", article(MASAYOSHI), "glossary/index.html", "timeline.html", "sources.html",
                "months.html", "about.html", "zh-Hant/index.html", f"zh-Hant/{article(MASAYOSHI)}"]
# What only an editor or a maintainer needs: repository paths, file names, commands.
MAINTAINER_TEXT = re.compile(r"editorial/|seeds/|rules/|reports/|\.ya?ml\b|python -m|build_scripts|raw capture(?!s)"
                             r"|edit metadata|sidecar")


@pytest.fixture(scope="module")
def http_site(built_site):
    with serve(built_site) as url:
        yield url


class Recorder:
    """A browser context that notes console errors, uncaught errors, failed or refused requests and
    sitemap fetches. Only the site itself may be reached."""

    def __init__(self, browser, root: str, viewport: dict):
        self.root = root
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.sitemaps: list[str] = []
        self.context = browser.new_context(viewport=viewport)
        self.context.route("**/*", lambda route: route.continue_() if route.request.url.startswith((root, "data:", "blob:"))
                           else (self.failed.append("outside: " + route.request.url), route.abort()))
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(f"{self.page.url}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"{self.page.url}: {e}"))
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        self.page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}"))
        self.page.on("request", lambda r: "sitemap" in r.url and self.sitemaps.append(r.url))

    def open(self, path: str):
        self.page.goto(self.root + path)
        self.page.wait_for_load_state("load")
        self.page.wait_for_timeout(300)         # Material's requests after load
        return self.page


@pytest.mark.parametrize("where", ["http", "file"])
def test_reader_pages_load_cleanly(chromium_browser, http_site, built_site, where):
    root = http_site if where == "http" else built_site.as_uri() + "/"
    recorder = Recorder(chromium_browser, root, SMALL_PHONE)
    sideways = {}
    try:
        for path in READER_PAGES:
            page = recorder.open(path)
            width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if width[0] > width[1] + 1:          # the phone never scrolls the page sideways
                sideways[path] = width
    finally:
        recorder.context.close()
    assert sideways == {}, sideways
    assert recorder.errors == [], recorder.errors
    assert recorder.failed == [], recorder.failed
    assert recorder.sitemaps == [], recorder.sitemaps


def test_reader_pages_carry_no_maintainer_content(chromium_browser, http_site):
    recorder = Recorder(chromium_browser, http_site, DESKTOP)
    found = {}
    try:
        for path in READER_PAGES:
            page = recorder.open(path)
            text = page.inner_text("article") + "\n" + page.inner_text("nav.md-nav--primary")
            hits = sorted(set(MAINTAINER_TEXT.findall(text)))
            if hits:
                found[path] = hits
            assert "build-report" not in " ".join(page.eval_on_selector_all(
                "nav.md-nav--primary a", "links => links.map(a => a.getAttribute('href'))")), path
    finally:
        recorder.context.close()
    assert found == {}, found


def test_front_page_lists_latest_articles_and_every_source_and_month(chromium_browser, http_site, built_site):
    recorder = Recorder(chromium_browser, http_site, DESKTOP)
    try:
        page = recorder.open("index.html")
        latest = page.eval_on_selector_all("ul.digest-list > li", """items => items.map(li => ({
            date: li.querySelector('time').getAttribute('datetime'),
            summary: (li.querySelector('.digest-item-summary') || {}).textContent || ''}))""")
        facets = {h: page.eval_on_selector_all(f"#{h} ~ ul a", "links => links.map(a => a.getAttribute('href'))")
                  for h in ("by-source", "by-month")}
        for kind, hrefs in facets.items():
            for href in hrefs:       # every facet link lands on an existing heading
                target, anchor = href.split("#")
                recorder.open(target)
                assert recorder.page.locator(f"[id='{anchor}']").count() == 1, href
        months = recorder.open("months.html").eval_on_selector_all("ul.digest-list a[href^='articles/']", "a => a.length")
    finally:
        recorder.context.close()
    dates = [item["date"] for item in latest]
    assert dates and dates == sorted(dates, reverse=True)
    assert all("本站摘要" in item["summary"] for item in latest)       # our summaries are labelled ours
    # one sentence each
    assert all(len(re.findall(r"[。！？]", item["summary"])) <= 1 for item in latest)
    articles = len([p for p in (built_site / "articles").glob("*.html")])
    assert months == articles and facets["by-source"] and facets["by-month"]


def test_script_switch_is_labelled_and_remembered_without_redirect(chromium_browser, http_site):
    recorder = Recorder(chromium_browser, http_site, PHONE)
    page = recorder.page
    try:
        recorder.open(article(MASAYOSHI))
        links = page.eval_on_selector_all(".digest-script-link", """links => links.map(a => ({
            text: a.textContent.trim(), lang: a.hreflang, current: a.getAttribute('aria-current')}))""")
        assert links == [{"text": "简体", "lang": "zh", "current": "page"},
                         {"text": "繁體", "lang": "zh-Hant", "current": None}]
        assert page.locator(".digest-script-link").first.is_visible()      # on a phone too
        page.locator('.digest-script-link[hreflang="zh-Hant"]').click()
        page.wait_for_url(f"**/zh-Hant/{article(MASAYOSHI)}*")
        # A Simplified page opened later stays Simplified and offers the reader's script.
        recorder.open("index.html")
        assert page.url == http_site + "index.html"
        offer = page.locator(".digest-variant-offer a")
        assert offer.inner_text() == "閱讀繁體版" and offer.get_attribute("href").endswith("zh-Hant/index.html")
        page.locator(".digest-variant-offer button").click()            # stay: the choice is now 简体
        recorder.open("timeline.html")
        assert page.locator(".digest-variant-offer").count() == 0
    finally:
        recorder.context.close()


def test_timeline_years_collapse_and_filter_by_entry(chromium_browser, http_site):
    recorder = Recorder(chromium_browser, http_site, PHONE)
    page = recorder.page
    try:
        recorder.open("timeline.html")
        years = page.eval_on_selector_all("details.tl-year", "ds => ds.map(d => d.open)")
        assert len(years) > 3 and years.count(True) == 0
        # the first screen shows the filter and the years, not a wall of text
        assert page.locator("#tl-entity").is_visible()
        assert page.evaluate("document.querySelector('details.tl-year').getBoundingClientRect().top") < 2 * 740
        option = page.eval_on_selector("#tl-entity option:nth-child(2)", "o => o.value")
        page.select_option("#tl-entity", option)
        shown = page.eval_on_selector_all("li.tl-event", """items => items.filter(li => li.offsetParent !== null)
            .map(li => li.dataset.entities || '')""")
        assert shown and all(option in entities.split() for entities in shown)
        expected = page.eval_on_selector_all(f"li.tl-event[data-entities~='{option}']", "items => items.length")
        assert len(shown) == expected and str(expected) in page.inner_text(".tl-filter-count")
        page.select_option("#tl-entity", "")
        assert page.eval_on_selector_all("details.tl-year", "ds => ds.map(d => d.open)") == years
        # an event's link from an article opens its year
        closed = page.eval_on_selector("details.tl-year:not([open]) li.tl-event", "li => li.id")
        recorder.open(f"timeline.html#{closed}")
        assert page.evaluate(f"document.getElementById('{closed}').closest('details').open")
        assert page.locator(f"#{closed}").is_visible()
    finally:
        recorder.context.close()


def test_search_lists_each_page_once_in_the_pages_script(chromium_browser, http_site):
    """One index serves both variants: a word both scripts write alike ("Trump") is in both copies
    of each page. A 繁體 page lists each page once, as its 繁體 copy with its 繁體 title (the
    worker lists the reader's copies: nothing is left for reading.js to hide)."""
    recorder = Recorder(chromium_browser, http_site, DESKTOP)
    page = recorder.page
    try:
        recorder.open("zh-Hant/index.html")
        page.click("input.md-search__input")
        page.keyboard.type("Trump")
        page.wait_for_selector(".md-search-result__item:not([hidden])", timeout=20000)
        page.wait_for_timeout(500)
        items = page.eval_on_selector_all(".md-search-result__item", """items => items.map(i => ({
            hidden: i.hidden, variant: i.dataset.variant,
            page: i.querySelector('a').href.split('#')[0].split('?')[0],
            title: (i.querySelector('h1, h2') || {}).textContent || ''}))""")
    finally:
        recorder.context.close()
    shown = [i for i in items if not i["hidden"]]
    assert len(shown) >= 3 and shown == items, items
    assert len({i["page"] for i in shown}) == len(shown)
    assert all("/zh-Hant/" in i["page"] for i in shown)
    assert all(i["variant"] == "own" for i in shown)
    # the article about Trump's visit: 川普 in the 繁體 title, never the Simplified 特朗普访华
    assert not [i["title"] for i in shown if "访华" in i["title"].replace("\u200b", "")]
