"""Language tags in the built site: every run of Chinese text is inside an element tagged zh-Hans or
zh-Hant (the page's variant), every run of English inside one tagged en, so that screen readers
pronounce it and browsers pick the right fonts."""
from __future__ import annotations

import pytest

from tests.test_browser import DESKTOP, article, browser_page, chromium_browser, load  # noqa: F401

pytestmark = pytest.mark.browser

# Text nodes in the content, with the language the closest [lang] ancestor gives them.
MISTAGGED_JS = r"""() => {
  const han = /[\u3400-\u9fff]/g, words = /[A-Za-z]{2,}/g;
  const out = [];
  const walker = document.createTreeWalker(document.querySelector('.md-content'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style, code, .md-source-file, svg, .headerlink')) continue;
    const text = node.textContent;
    const hanCount = (text.match(han) || []).length, wordCount = (text.match(words) || []).length;
    const lang = (parent.closest('[lang]') || document.documentElement).lang;
    const letters = text.replace(/\s/g, '').length;
    // Chinese text: a run of characters that is mostly Chinese (a Chinese word quoted inside an
    // English sentence may stay English); English text: four or more words and no Chinese.
    if (hanCount >= 2 && hanCount > letters / 3 && !/^zh-Han[st]$/.test(lang)) out.push(['zh', lang, text.trim().slice(0, 40)]);
    if (hanCount === 0 && wordCount >= 4 && lang !== 'en' && !lang.startsWith('zh-Latn')) out.push(['en', lang, text.trim().slice(0, 60)]);
  }
  return out;
}"""


@pytest.mark.parametrize("path", [
    "index.html", "zh-Hant/index.html", article("masayoshi-son-trump-industrial-parks"),
    "zh-Hant/" + article("white-house-contacts-china-shenzhen-2-0"), article("us-national-security-strategy-china-excerpts"),
    "glossary/index.html", "zh-Hant/glossary/nvidia.html", "timeline.html", "zh-Hant/timeline.html",
    "about.html", "zh-Hant/about.html", "build-report.html", "sources.html",
])
def test_every_english_and_chinese_run_has_its_language_tag(chromium_browser, built_site, path):
    with browser_page(chromium_browser, DESKTOP) as page:
        load(page, built_site, path)
        assert page.evaluate("document.documentElement.lang") in ("zh-Hans", "zh-Hant")
        wrong = page.evaluate(MISTAGGED_JS)
    assert not wrong, "\n".join(f"{want}: tagged {lang!r}: {text}" for want, lang, text in wrong[:25])
