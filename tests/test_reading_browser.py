"""Script variants and reading modes in headless Chromium, from file:// (the offline copy)."""
from __future__ import annotations

import pytest

from tests.test_browser import DESKTOP, PHONE, OVERFLOW_JS, article, browser_page, chromium_browser, load  # noqa: F401

sync_api = pytest.importorskip("playwright.sync_api")
MASAYOSHI = "masayoshi-son-trump-industrial-parks"      # English and Chinese pairs
WHITE_HOUSE = "white-house-contacts-china-shenzhen-2-0"  # Chinese only
JENSEN = "jensen-huang-us-china-ai-factory-race"         # captured in Traditional


def test_switching_variant_lands_on_the_same_paragraph_and_is_remembered(chromium_browser, built_site):
    with browser_page(chromium_browser, DESKTOP) as page:
        load(page, built_site, article(WHITE_HOUSE))
        assert "特朗普" in page.inner_text("article") and page.evaluate("document.documentElement.lang") == "zh-Hans"
        target = page.eval_on_selector_all(".bi-pair p.bi-zh[id]", "ps => ps[6].id")
        page.evaluate(f"document.getElementById('{target}').scrollIntoView()")
        # Click where the reader would: locator.click() may first scroll the page to "reveal" a
        # link in the fixed header, which moves the paragraph in view.
        box = page.locator('a.digest-script-link[hreflang="zh-Hant"]').bounding_box()
        assert page.evaluate(f"document.getElementById('{target}').getBoundingClientRect().top") < 60
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_url(f"**/zh-Hant/{article(WHITE_HOUSE)}#*")
        # lands on the paragraph or on our translation beside it (the same place)
        assert page.evaluate("location.hash") in (f"#{target}", f"#{target}-en")
        assert page.evaluate("document.documentElement.lang") == "zh-Hant"
        assert "川普" in page.inner_text("article") and "特朗普" not in page.inner_text(f"#{target}")
        # Another page, opened at its Simplified address, stays there and offers the reader's variant.
        load(page, built_site, article(JENSEN))
        assert page.url.endswith(f"/{article(JENSEN)}") and "/zh-Hant/" not in page.url
        page.locator(".digest-variant-offer a").click()
        page.wait_for_url(f"**/zh-Hant/{article(JENSEN)}")
        assert "輝達" in page.inner_text("article")


def test_original_script_can_be_shown(chromium_browser, built_site):
    with browser_page(chromium_browser, DESKTOP) as page:
        load(page, built_site, article(JENSEN))
        paragraph = page.locator("p[data-converted]").first
        before = paragraph.inner_text()
        page.locator(".digest-original-toggle").click()
        # the original text comes from the page's data file, loaded on this first click
        page.wait_for_selector('.digest-original-toggle[aria-pressed="true"]')
        after = paragraph.inner_text()
        assert before != after and "黃仁勳" in page.inner_text("article")
        assert page.locator(".digest-original-toggle").get_attribute("aria-pressed") == "true"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE])
def test_reading_modes_switch_by_keyboard_and_persist(chromium_browser, built_site, viewport):
    with browser_page(chromium_browser, viewport) as page:
        load(page, built_site, article(MASAYOSHI))
        english, chinese = page.locator(".bi-pair > p.bi-en").first, page.locator(".bi-pair > p.bi-zh").first
        assert english.is_visible() and chinese.is_visible()
        side = [english.bounding_box(), chinese.bounding_box()]
        page.locator('.digest-modes input[value="side"]').focus()
        page.keyboard.press("ArrowRight")             # radio group: arrows move the choice
        assert page.evaluate("document.documentElement.dataset.digestMode") == "interleave"
        assert chinese.bounding_box()["y"] >= english.bounding_box()["y"] + english.bounding_box()["height"] - 2
        if viewport is DESKTOP:
            assert abs(side[0]["y"] - side[1]["y"]) < 40, "side by side on a desktop"
        page.keyboard.press("ArrowRight")
        assert page.evaluate("document.documentElement.dataset.digestMode") == "zh"
        assert chinese.is_visible() and not english.is_visible()
        page.keyboard.press("ArrowRight")
        assert english.is_visible() and not chinese.is_visible()
        assert page.evaluate(OVERFLOW_JS)[0] <= page.evaluate(OVERFLOW_JS)[1] + 1
        # Remembered on the next page: a Chinese-only article reads in English through our
        # labelled translations, and every passage shows something in English.
        load(page, built_site, article(WHITE_HOUSE))
        assert page.evaluate("document.documentElement.dataset.digestMode") == "en"
        ours = page.locator(".bi-pair > p.digest-ours").first
        assert ours.is_visible() and "our translation" in ours.inner_text()
        assert not page.locator(".bi-pair > p.bi-zh").first.is_visible()
        assert page.evaluate("""[...document.querySelectorAll('.md-content .bi-pair')]
            .every(pair => [...pair.children].some(c => c.lang === 'en' && c.offsetParent !== null))""")
        assert page.locator(".digest-note-en").first.is_visible()
        assert not page.locator(".digest-note-zh").first.is_visible()
        assert page.locator(".digest-context p[lang=en]").is_visible()
        assert not page.locator(".digest-context p[lang^=zh]").is_visible()
