"""The offline copy: the zip the main build writes, unpacked and opened from file:// in headless
Chromium with the network blocked. Every feature works and no request leaves the machine."""
from __future__ import annotations

import zipfile

import pytest

from build_scripts.search_index import plain_text, read_full_index
from build_scripts.site import OFFLINE_ZIP
from tests.test_browser import DESKTOP, JENSEN, MASAYOSHI, PHONE, article, chromium_browser  # noqa: F401
from tests.prose import MENTIONS

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def offline_root(built_site, tmp_path_factory):
    """The zip unpacked somewhere else than the site it was made from."""
    archive = built_site.parent / OFFLINE_ZIP
    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(archive) as bundle:
        names = bundle.namelist()
        assert all(n.startswith("bilingual-digest/") for n in names)
        bundle.extractall(target)
    return target / "bilingual-digest"


class Offline:
    """A browser context where only file:// loads; every other request is recorded and refused."""

    def __init__(self, browser, root, viewport=DESKTOP):
        self.root, self.outgoing = root, []
        self.context = browser.new_context(viewport=viewport, offline=True)
        self.context.on("request", self._record)
        self.context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:", "blob:"))
                           else route.abort())
        self.page = self.context.new_page()

    def _record(self, request):
        if not request.url.startswith(("file:", "data:", "blob:")):
            self.outgoing.append(request.url)

    def open(self, path: str):
        self.page.goto((self.root / path).as_uri())
        return self.page

    def search(self, query: str) -> list[str]:
        page = self.page
        page.click("input.md-search__input")
        page.keyboard.type(query)
        page.wait_for_selector(".md-search-result__item:not([hidden])", timeout=20000)
        return page.eval_on_selector_all(".md-search-result__item:not([hidden])",
                                         "items => items.map(i => i.querySelector('a').href)")


@pytest.fixture
def offline(chromium_browser, offline_root):
    session = Offline(chromium_browser, offline_root)
    yield session
    session.context.close()
    assert session.outgoing == [], f"requests left the page: {session.outgoing}"


def test_zip_is_deterministic_and_complete(built_site, tmp_path):
    from build_scripts.site import write_offline_zip

    archive = built_site.parent / OFFLINE_ZIP
    again = write_offline_zip(built_site, tmp_path / "again.zip")
    assert again.read_bytes() == archive.read_bytes()
    with zipfile.ZipFile(archive) as bundle:
        names = set(bundle.namelist())
    for needed in ("index.html", "zh-Hant/index.html", "search/search_index.js", "timeline.html",
                   "javascripts/vendor/iframe-worker-shim.js", f"{article(JENSEN)}"):
        assert f"bilingual-digest/{needed}" in names, needed


def test_navigation_and_search_in_chinese_and_english(offline):
    page = offline.open("index.html")
    page.click(".md-nav__link[href$='glossary/index.html']")
    page.wait_for_url("**/glossary/index.html")
    results = offline.search("孙正义")
    assert any(article(MASAYOSHI) in r for r in results), results
    page = offline.open("zh-Hant/index.html")
    results = offline.search("Nvidia")
    assert any(f"zh-Hant/{article(JENSEN)}" in r for r in results), results


def test_a_name_in_the_other_script_shows_this_variants_titles(offline, built_site):
    """From disk lunr finds the 简体 pages for 孙正义; on a 繁體 page each is listed as its 繁體
    copy, under that copy's title (reading.js)."""
    titles = {doc["location"]: plain_text(doc["title"]).replace("\u200b", "")
              for doc in read_full_index(built_site / "search")["docs"]}
    offline.open("zh-Hant/index.html")
    offline.search("孙正义")
    offline.page.wait_for_timeout(300)
    shown = offline.page.eval_on_selector_all(
        ".md-search-result__item:not([hidden])",
        "items => items.map(i => [i.querySelector('a').href, i.querySelector('h1').textContent])")
    root = offline.root.as_uri() + "/"
    assert len(shown) > 3, shown
    for href, title in shown:
        path = href.removeprefix(root).split("?")[0]
        assert path.startswith("zh-Hant/"), href
        assert title.replace("\u200b", "") == titles[path], (path, title)


def test_variant_switch_reading_modes_and_tooltips(offline):
    page = offline.open(article(MASAYOSHI))
    page.locator('.digest-modes input[value="en"]').check()
    assert not page.locator(".bi-pair > p.bi-zh").first.is_visible()
    page.locator('.digest-modes input[value="side"]').check()
    mention = page.locator(MENTIONS).first
    mention.scroll_into_view_if_needed()
    mention.hover()
    page.wait_for_selector("#gl-tip:not([hidden])", timeout=3000)
    page.evaluate("window.scrollTo(0, 0)")
    box = page.locator('a.digest-script-link[hreflang="zh-Hant"]').bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(f"**/zh-Hant/{article(MASAYOSHI)}*")
    assert page.evaluate("document.documentElement.lang") == "zh-Hant"


def test_timeline_from_disk(offline):
    page = offline.open("timeline.html")
    assert page.locator("svg.tl-overview, .tl-figure svg").count() >= 1
    assert page.locator(".tl-list .tl-event").count() > 50
    page.locator(".tl-figure a").first.click()
    assert page.evaluate("location.hash").startswith("#")


def test_phone_offline_pages_load_without_requests(chromium_browser, offline_root):
    session = Offline(chromium_browser, offline_root, viewport=PHONE)
    try:
        for path in ("index.html", article(JENSEN), "glossary/index.html", "timeline.html", "zh-Hant/about.html"):
            session.open(path).wait_for_load_state("load")
    finally:
        session.context.close()
    assert session.outgoing == []

