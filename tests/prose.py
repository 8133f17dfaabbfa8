"""Reading an article's Markdown prose in tests as MkDocs will: each paragraph is one line followed
by its attribute list (build_scripts/writer.py), rendered here with Python-Markdown itself."""
from __future__ import annotations

import re
from dataclasses import dataclass

import markdown

_PARAGRAPH = re.compile(r"^(?P<line>[^\n]+)\n\{: #(?P<id>[a-z]-[0-9a-f]+(?:-[a-z]+)?) (?P<attrs>[^\n}]*)\}$", re.M)


@dataclass
class Paragraph:
    id: str
    attrs: str          # the attribute list after the id: ".bi-zh lang=\"zh-Hans\" data-script=\"Hant\""
    line: str           # the Markdown line
    html: str           # the line as HTML (the paragraph's inner HTML)


def paragraphs(page: str) -> dict[str, Paragraph]:
    """Every Markdown prose paragraph of a page, by id."""
    return {m.group("id"): Paragraph(m.group("id"), m.group("attrs"), m.group("line"),
                                     markdown.markdown(m.group("line")).removeprefix("<p>").removesuffix("</p>"))
            for m in _PARAGRAPH.finditer(page)}


def text_of(fragment: str) -> str:
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


# A glossary mention in the built page: a link from a prose paragraph to the entry's page.
MENTIONS = ':is(p.bi-en, p.bi-zh, p.digest-dek, p.digest-caption) a[href*="glossary/"]'


def mention_of(entry_id: str) -> str:
    """The CSS selector of the links to one entry from an article's prose."""
    return f':is(p.bi-en, p.bi-zh, p.digest-dek, p.digest-caption) a[href$="glossary/{entry_id}.html"]'
