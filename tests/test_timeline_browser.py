"""The timeline in headless Chromium, from file:// as the offline copy is read: the overview and
year strips are drawn and navigate, the list reads in order, nothing is fetched from outside,
and phones scroll the graphics rather than the page."""
from __future__ import annotations

import json

import pytest

from tests.test_browser import DESKTOP, PHONE, OVERFLOW_JS, article, browser_page, chromium_browser, load  # noqa: F401

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def exported(built_site) -> list[dict]:
    return json.loads((built_site / "timeline.json").read_text(encoding="utf-8"))["events"]


def test_timeline_page_draws_every_year_and_event_offline(chromium_browser, built_site, exported):
    outside: list[str] = []
    errors: list[str] = []
    with browser_page(chromium_browser, DESKTOP, outside) as page:
        page.on("pageerror", lambda e: errors.append(str(e)))
        load(page, built_site, "timeline.html")
        drawn = page.evaluate("""() => ({
            bars: [...document.querySelectorAll('.tl-overview .tl-bar')].map(r => r.getBoundingClientRect().height),
            strips: document.querySelectorAll('.tl-strip svg').length,
            marks: [...document.querySelectorAll('.tl-strip a[href^="#ev-"]')].map(a => a.getAttribute('href')),
            items: [...document.querySelectorAll('li.tl-event')].map(li => li.id),
            sections: [...document.querySelectorAll('h2[id^="y"]')].map(h => h.id)})""")
    assert not outside, f"the timeline fetched from outside: {outside}"
    # Material's search worker cannot start from file:// (the offline copy's search is separate work).
    assert not [e for e in errors if "search" not in e], errors
    assert len(drawn["bars"]) == len(drawn["sections"]) and all(h >= 2 for h in drawn["bars"])
    assert drawn["strips"] >= 2
    assert sorted(drawn["items"]) == sorted(e["anchor"] for e in exported)
    assert set(h[1:] for h in drawn["marks"]) <= set(drawn["items"]) and len(drawn["marks"]) > 30


def test_selecting_a_year_and_an_event_in_the_graphics_jumps_to_it(chromium_browser, built_site):
    with browser_page(chromium_browser, DESKTOP) as page:
        load(page, built_site, "timeline.html")
        page.locator('.tl-overview a[href="#y2026"]').click()
        page.wait_for_function("() => location.hash === '#y2026'")
        heading_top = page.evaluate("() => document.getElementById('y2026').getBoundingClientRect().top")
        assert 0 <= heading_top < 300, heading_top
        # the year opens (years are collapsed sections)
        assert page.evaluate("() => document.getElementById('y2026').closest('details').open")
        mark = page.locator('details:has(#y2026) .tl-strip a[href^="#ev-"]').first
        target = mark.get_attribute("href")
        mark.click()
        page.wait_for_function(f"() => location.hash === '{target}'")
        top = page.evaluate(f"() => document.querySelector('{target}').getBoundingClientRect().top")
        assert 0 <= top < 400, top


def test_phone_scrolls_the_strips_not_the_page(chromium_browser, built_site):
    with browser_page(chromium_browser, PHONE) as page:
        load(page, built_site, "timeline.html")
        scroll_width, client_width = page.evaluate(OVERFLOW_JS)
        assert scroll_width <= client_width + 1, (scroll_width, client_width)
        widths = page.evaluate("""() => [...document.querySelectorAll('.tl-strip')].map(f =>
            [f.scrollWidth, f.clientWidth])""")
        assert any(scroll > client for scroll, client in widths), "the strip keeps a readable width and scrolls"
        label = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.tl-strip .tl-axis-label'))"
                              ".fontSize) * document.querySelector('.tl-strip svg').getBoundingClientRect().width"
                              " / 720")
        assert label >= 8, f"month labels shrink to {label:.1f}px"


def test_an_articles_timeline_links_to_its_paragraphs_and_the_whole_timeline(chromium_browser, built_site):
    with browser_page(chromium_browser, DESKTOP) as page:
        load(page, built_site, article("masayoshi-son-trump-industrial-parks"))
        link = page.locator('#timeline ~ ol.tl-list a.tl-here').first
        target = link.get_attribute("href")
        link.click()
        page.wait_for_function(f"() => location.hash === '{target}'")
        assert page.evaluate(f"() => !!document.querySelector('{target}.bi-en, {target}.bi-zh, {target}')")
        page.locator('#timeline ~ ol.tl-list a.tl-more').first.click()
        page.wait_for_load_state()
        assert page.url.split("#")[0].endswith("/timeline.html")
        hash_ = page.evaluate("() => location.hash")
        assert hash_.startswith("#ev-") and page.evaluate(f"() => !!document.querySelector('{hash_}')")
