"""The built site in a real browser: headless Chromium driven by Playwright.

One browser serves the whole module; every test opens its own context (viewport, routes) and loads
pages from file:// URLs of the session's `built_site`. Requests that leave the machine are always
aborted, so no test can hang on the network; the network test records them as well.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api")
opencc = pytest.importorskip("opencc")

from build_scripts.reader import read_capture  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LOCAL_SCHEMES = ("file://", "data:", "blob:")

MASAYOSHI = "masayoshi-son-trump-industrial-parks"            # English with Chinese side by side
WHITE_HOUSE = "white-house-contacts-china-shenzhen-2-0"       # Simplified Chinese only
JENSEN = "jensen-huang-us-china-ai-factory-race"              # Traditional Chinese, many subheadings
NSS = "us-national-security-strategy-china-excerpts"          # English with garbled sentences
KRISHNAMOORTHI = "krishnamoorthi-us-short-term-trap-on-china"  # has image captions

ZH_LANGS = {"zh-Hans", "zh-Hant", "zh"}
KANGXI = re.compile("[\u2f00-\u2fdf]")
# Portal chrome the cleaner must remove (written with escapes so that no editor folds the text).
CHROME_STRINGS = (
    "\u7f51\u6613\u9996\u9875",                  # 网易首页
    "\u5206\u4eab\u81f3",                        # 分享至
    "AI\u667a\u80fd\u603b\u7ed3",                # AI智能总结
    "Quick Summary",
    "\u5feb\u901f\u6458\u8981",                  # 快速摘要
    "View more",
    "\u67e5\u770b\u66f4\u591a",                  # 查看更多
    "\u7279\u522b\u58f0\u660e",                  # 特别声明
    "Notice: The content above",
    "\u76f8\u5173\u63a8\u8350",                  # 相关推荐
    "\u70ed\u70b9\u63a8\u8350",                  # 热点推荐
    "\u5934\u6761\u8981\u95fb",                  # 头条要闻
    "99842.75%",
)
HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# Text of the page body without the collapsed cleaning report (which quotes what was removed, on
# purpose) and without the theme's navigation, header and footer; the article's own header (title,
# dek, summaries) stays. A detached clone has no layout, so its innerText is its textContent:
# scripts and styles go too.
READER_TEXT_JS = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('details.digest-cleaning, nav, header.md-header, footer, '
                        + 'script, style, template, noscript').forEach(e => e.remove());
  return body.innerText;
}"""
OVERFLOW_JS = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
PAIR_BOXES_JS = """() => [...document.querySelectorAll('.bi-pair')].map((pair, index) => {
  const en = pair.querySelector(':scope > p.bi-en'), zh = pair.querySelector(':scope > p.bi-zh');
  const box = e => { if (!e) return null; const r = e.getBoundingClientRect();
                     return {x: r.x, y: r.y, w: r.width, h: r.height, bottom: r.bottom}; };
  return {id: (en || zh || {}).id || `pair ${index}`, en: box(en), zh: box(zh)};
})"""


# --- fixtures and helpers ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chromium_browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (bin/test installs it)")
    playwright = sync_api.sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()


def url_of(site: Path, page: str) -> str:
    path, hash_, fragment = page.partition("#")
    return (site / path).as_uri() + hash_ + fragment


def article(slug: str) -> str:
    return f"articles/{slug}.html"


@contextmanager
def browser_page(browser, viewport: dict, outside: list[str] | None = None):
    """A page in a fresh context; every request that would leave the machine is aborted
    (and appended to `outside` when given)."""
    context = browser.new_context(viewport=viewport)

    def handle(route):
        url = route.request.url
        if url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            if outside is not None:
                outside.append(url)
            route.abort()

    context.route("**/*", handle)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def load(page, site: Path, path: str, wait_until: str = "load") -> None:
    response = page.goto(url_of(site, path), wait_until=wait_until)
    assert response is None or response.ok, f"{path}: {response and response.status}"
    page.evaluate("() => document.fonts.ready.then(() => true)")


def article_slugs(site: Path) -> list[str]:
    """Articles as the build wrote them: the .md files of the built copy's docs/articles."""
    return sorted(p.stem for p in (site.parent / "docs" / "articles").glob("*.md") if "." not in p.stem)


# --- 1, 2: layout ---------------------------------------------------------------------------------

def pair_boxes(page, site: Path):
    """(pair id, English box, Chinese box) for every pair of the masayoshi article."""
    load(page, site, article(MASAYOSHI))
    pairs = page.evaluate(PAIR_BOXES_JS)
    assert pairs, "no .bi-pair on the masayoshi article"
    for pair in pairs:
        assert pair["en"] and pair["zh"], f"{pair['id']}: a pair needs p.bi-en and p.bi-zh: {pair}"
        yield pair, pair["en"], pair["zh"]


@pytest.mark.browser
def test_desktop_pairs_side_by_side_without_horizontal_scroll(chromium_browser, built_site):
    with browser_page(chromium_browser, DESKTOP) as page:
        for pair, en, zh in pair_boxes(page, built_site):
            assert en["w"] > 100 and zh["w"] > 100, f"{pair['id']}: a column collapsed: {pair}"
            assert zh["x"] >= en["x"] + en["w"] - 2, f"{pair['id']}: Chinese not right of English: {pair}"
            assert abs(zh["y"] - en["y"]) <= 40, f"{pair['id']}: columns do not start together: {pair}"
        scroll_width, client_width = page.evaluate(OVERFLOW_JS)
        assert scroll_width <= client_width + 1, f"horizontal scroll: {scroll_width} > {client_width}"


@pytest.mark.browser
def test_phone_pairs_stack_and_pages_do_not_overflow(chromium_browser, built_site):
    with browser_page(chromium_browser, PHONE) as page:
        for pair, en, zh in pair_boxes(page, built_site):
            assert zh["y"] >= en["bottom"] - 2, f"{pair['id']}: Chinese not under English: {pair}"

        overflowing = {}
        pages = ["index.html", "sources.html"] + [article(s) for s in (MASAYOSHI, JENSEN, NSS, KRISHNAMOORTHI)]
        for path in pages:
            load(page, built_site, path)
            scroll_width, client_width = page.evaluate(OVERFLOW_JS)
            if scroll_width > client_width + 1:
                overflowing[path] = (scroll_width, client_width)
        assert not overflowing, f"pages wider than a phone (scrollWidth, clientWidth): {overflowing}"


# --- 3, 4: language and fonts --------------------------------------------------------------------

PARAGRAPH_LANGS_JS = """() => [...document.querySelectorAll('.bi-pair p, .bi-single p')].map(p => {
  const copy = p.cloneNode(true);
  copy.querySelectorAll('.digest-badge, .digest-anchor').forEach(e => e.remove());
  return {id: p.id, cls: p.className, lang: p.getAttribute('lang'), text: copy.textContent,
          script: p.dataset.script || null};
})"""


@pytest.mark.browser
@pytest.mark.parametrize("variant, prefix", [("zh-Hans", ""), ("zh-Hant", "zh-Hant/")])
def test_paragraph_language_attributes(chromium_browser, built_site, variant, prefix):
    """Every Chinese paragraph is in the page's variant and says so; data-script keeps the script
    the capture wrote it in (Jensen Huang's article is Traditional, the White House one Simplified)."""
    t2s = opencc.OpenCC("t2s")
    scripts = {}
    with browser_page(chromium_browser, DESKTOP) as page:
        for slug in (MASAYOSHI, WHITE_HOUSE, JENSEN, NSS, KRISHNAMOORTHI):
            load(page, built_site, prefix + article(slug))
            paragraphs = page.evaluate(PARAGRAPH_LANGS_JS)
            assert paragraphs, f"{slug}: no paragraphs"
            for p in paragraphs:
                where = f"{prefix}{slug}#{p['id']} ({p['text'][:30]!r})"
                if "bi-en" in p["cls"].split():
                    assert p["lang"] == "en", f"{where}: English paragraph has lang={p['lang']!r}"
                    continue
                assert p["lang"] == variant, f"{where}: lang={p['lang']!r} on a {variant} page"
                # The tag must agree with the text: Simplified text does not change under t2s.
                simplified = t2s.convert(p["text"]) == p["text"]
                assert simplified == (variant == "zh-Hans") or len(HAN.findall(p["text"])) < 3, where
            found = [p["script"] for p in paragraphs if p["script"]]
            scripts[slug] = {s: found.count(s) for s in set(found)}
    assert scripts[JENSEN].get("Hant", 0) * 2 > sum(scripts[JENSEN].values()), scripts[JENSEN]
    assert scripts[WHITE_HOUSE].get("Hans", 0) * 2 > sum(scripts[WHITE_HOUSE].values()), scripts[WHITE_HOUSE]


def rendered_fonts(page, cdp, selector: str) -> tuple[str, str, list[dict]]:
    """(computed font-family, text, fonts Chromium actually used) for the first match. Chromium
    reports each element's own text, so the element's descendants (mentions, sentences) add theirs."""
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, f"nothing matches {selector}"
    family, text = page.eval_on_selector(selector, "p => [getComputedStyle(p).fontFamily, p.textContent]")
    nodes = [node] + cdp.send("DOM.querySelectorAll", {"nodeId": node, "selector": "*"})["nodeIds"]
    glyphs: dict[str, int] = {}
    for each in nodes:
        for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": each})["fonts"]:
            glyphs[font["familyName"]] = glyphs.get(font["familyName"], 0) + font["glyphCount"]
    return family, text, [{"familyName": name, "glyphCount": count} for name, count in glyphs.items()]


@pytest.mark.browser
def test_chinese_renders_with_a_cjk_font(chromium_browser, built_site):
    # document.fonts.check() is true for any font that is not a web font, installed or not, so
    # it proves nothing here; Chromium's own record of the fonts it used for the glyphs does.
    cases = [(WHITE_HOUSE, 'p.bi-zh[lang="zh-Hans"]', "Noto Sans CJK SC"),
             (MASAYOSHI, '.bi-pair p.bi-zh[lang="zh-Hans"]', "Noto Sans CJK SC"),
             ("zh-Hant/" + article(JENSEN), 'p.bi-zh[lang="zh-Hant"]', "Noto Sans CJK TC"),
             ("zh-Hant/" + article(WHITE_HOUSE), 'p.bi-zh[lang="zh-Hant"]', "Noto Sans CJK TC")]
    with browser_page(chromium_browser, DESKTOP) as page:
        cdp = page.context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        for slug, selector, expected in cases:
            load(page, built_site, slug if slug.endswith(".html") else article(slug))
            family, text, fonts = rendered_fonts(page, cdp, selector)
            assert expected in family, f"{slug} {selector}: font-family is {family}"
            han = len(HAN.findall(text))
            assert han > 10, f"{slug} {selector}: expected Chinese text, got {text[:40]!r}"
            by_family = {f["familyName"]: f["glyphCount"] for f in fonts}
            assert by_family.get(expected, 0) >= han, (
                f"{slug} {selector}: {han} Han characters but glyphs came from {by_family}")


# --- 5, 6: home page and clean text ----------------------------------------------------------------

HOME_ITEMS_JS = """() => [...document.querySelectorAll('ul.digest-list > li')].map(li => ({
  hrefs: [...li.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
  time: (li.querySelector('time') || {}).textContent || null,
}))"""
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.mark.browser
def test_home_page_lists_every_article_newest_first(chromium_browser, built_site):
    slugs = article_slugs(built_site)
    assert slugs, "the build wrote no articles"
    with browser_page(chromium_browser, DESKTOP) as page:
        load(page, built_site, "index.html")
        items = page.evaluate(HOME_ITEMS_JS)
    links = [h for item in items for h in item["hrefs"] if h.startswith("articles/")]
    assert len(links) == len(slugs), f"{len(links)} article links for {len(slugs)} articles: {links}"
    assert sorted(Path(h.split("#")[0]).stem for h in links) == slugs

    times = [item["time"] for item in items]
    assert all(t and (DATE.fullmatch(t) or t == "undated") for t in times), times
    dated = [t for t in times if t != "undated"]
    assert times == dated + ["undated"] * (len(times) - len(dated)), f"undated items not last: {times}"
    assert dated == sorted(dated, reverse=True), f"not newest first: {dated}"

    missing = [h for h in links if not (built_site / h.split("#")[0]).is_file()]
    assert missing == [], f"home page links to files that do not exist: {missing}"


@pytest.mark.browser
def test_article_text_is_free_of_portal_chrome(chromium_browser, built_site):
    seed_text = "".join(read_capture(p).text for p in sorted((built_site.parent / "seeds").glob("*.txt")))
    in_seeds = [s for s in CHROME_STRINGS if s in seed_text] + KANGXI.findall(seed_text)[:1]
    assert in_seeds, "none of the clutter occurs in the seeds: this test would check nothing"

    dirty = {}
    with browser_page(chromium_browser, DESKTOP) as page:
        for slug in article_slugs(built_site):
            load(page, built_site, article(slug))
            text = page.evaluate(READER_TEXT_JS)
            title = page.inner_text("h1.digest-title").split("\n")[0].strip()
            assert title and title in text, f"{slug}: reader text lacks the title {title!r}"
            found = [s for s in CHROME_STRINGS if s in text]
            found += [f"U+{ord(c):04X}" for c in sorted(set(KANGXI.findall(text)))]
            if found:
                dirty[slug] = found
    assert not dirty, f"clutter left in the article text: {dirty}"


# --- 7, 8: anchors and garbled sentences ------------------------------------------------------------

@pytest.mark.browser
def test_paragraph_anchor_scrolls_paragraph_into_view(chromium_browser, built_site):
    with browser_page(chromium_browser, DESKTOP) as page:
        load(page, built_site, article(MASAYOSHI))
        # A paragraph below the fold, with a screenful of page under it so that the browser can
        # scroll it right to the top (where the sticky header could hide it).
        candidates = page.eval_on_selector_all(".bi-pair p[id]", """ps => ps.map(p => [p.id,
            p.getBoundingClientRect().top, document.documentElement.scrollHeight, innerHeight])
            .filter(([id, top, height, view]) => top > view && height - top > view)""")
        assert candidates, "no paragraph with an id below the fold inside .bi-pair"
        target = candidates[0][0]

        load(page, built_site, f"{article(MASAYOSHI)}#{target}")
        state = page.evaluate("""id => {
          const e = document.getElementById(id), r = e.getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + 4, r.top + 4);
          return {top: r.top, height: innerHeight, target: e.matches(':target'), scrollY,
                  covered: !(hit && e.contains(hit)), hit: hit && hit.className};
        }""", target)
        assert 0 <= state["top"] < state["height"], f"#{target} not in the viewport: {state}"
        assert state["target"], f"#{target} is not :target: {state}"
        assert not state["covered"], f"#{target} is hidden under {state['hit']!r}: {state}"


@pytest.mark.browser
def test_garbled_sentences_are_marked(chromium_browser, built_site):
    with browser_page(chromium_browser, DESKTOP) as page:
        load(page, built_site, article(NSS))
        garbled = page.locator("span.s[data-garbled]")
        assert garbled.count() >= 1, "no garbled sentence marked on the NSS page"
        styles = page.evaluate("""() => {
          const style = e => { const s = getComputedStyle(e); return {line: s.textDecorationLine, color: s.color}; };
          const bad = document.querySelector('span.s[data-garbled]');
          const normal = bad.closest('p').parentElement.querySelector('p.bi-en:not(.garbled)')
                         || document.querySelector('p.bi-en:not(.garbled)');
          return {garbled: style(bad), normal: style(normal)};
        }""")
        distinct = ("underline" in styles["garbled"]["line"]
                    or styles["garbled"]["color"] != styles["normal"]["color"])
        assert distinct, f"garbled sentence looks like any other: {styles}"

        for i in range(page.locator("p.garbled").count()):
            paragraph = page.locator("p.garbled").nth(i)
            badge = paragraph.locator(".digest-badge-garbled")
            assert badge.count() == 1, f"garbled paragraph #{paragraph.get_attribute('id')} has no badge"
            assert badge.is_visible(), f"badge of #{paragraph.get_attribute('id')} is not visible"
            assert badge.inner_text().strip() == "garbled in the source"


# --- 9, 10: screenshots and network -----------------------------------------------------------------

@pytest.mark.browser
def test_screenshots_render(chromium_browser, built_site, tmp_path_factory):
    """Viewport screenshots (a blank full-page PNG of a long page can exceed 10 KB on its own),
    each compared with a blank page of the same size as well as with the 10 KB floor."""
    folder = tmp_path_factory.mktemp("screenshots")
    sizes, blank = {}, {}
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        with browser_page(chromium_browser, viewport) as page:
            for label, path in (("home", "index.html"), ("masayoshi", article(MASAYOSHI))):
                load(page, built_site, path)
                shot = folder / f"{label}-{name}.png"
                page.screenshot(path=str(shot))
                sizes[shot.name] = (shot.stat().st_size, name)
            page.set_content("<html><body></body></html>")
            empty = folder / f"blank-{name}.png"
            page.screenshot(path=str(empty))
            blank[name] = empty.stat().st_size
    small = {shot: size for shot, (size, name) in sizes.items() if size <= max(10_000, 3 * blank[name])}
    assert not small, f"screenshots in {folder} look empty: {sizes}; blank pages: {blank}"


@pytest.mark.browser
def test_nothing_loads_from_the_network(chromium_browser, built_site):
    outside: list[str] = []
    with browser_page(chromium_browser, DESKTOP, outside) as page:
        for path in ("index.html", article(MASAYOSHI)):
            load(page, built_site, path, wait_until="networkidle")
    assert not outside, f"the site fetched from the network: {outside}"
