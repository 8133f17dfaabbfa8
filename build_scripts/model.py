"""Plain data passed between the pipeline's stages."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "caption"]
Lang = Literal["en", "zh"]
Script = Literal["Hans", "Hant", "mixed", "neutral"]


# Roles of text the capture holds but no page shows: the site's chrome above the headline and a
# repeat of the headline inside the story.
OFF_PAGE_ROLES = frozenset({"masthead"})
# Roles of text that is not the story's prose: no glossary links, translations or note anchors.
NOT_PROSE_ROLES = frozenset({"headline", "byline", "dateline"}) | OFF_PAGE_ROLES


@dataclass
class Change:
    """One thing the cleaner removed, repaired or normalised, kept for the build report."""

    rule: str          # id of the rule in rules/cleaning.yaml
    action: str        # "removed", "repaired" or "normalised"
    line: int          # 1-based line of the capture
    before: str
    after: str = ""
    context: str = ""  # a little text around the change, with the change in ⟦ ⟧


@dataclass
class Line:
    """A cleaned line of a capture, still knowing where it came from."""

    number: int        # 1-based line number in the raw capture
    text: str


@dataclass(frozen=True)
class Hint:
    """A metadata value the capture states itself, and where: an HTML field, a front-matter key or
    a rule of rules/metadata.yaml with its line."""

    field: str          # title, published, authors, credit, publisher, url
    value: object       # text; a list of names for authors and credit; YYYY-MM-DD for published
    source: str         # e.g. "html //meta[@name='firstpublishedtime']/@content", "rule cna-roc-code"
    line: int = 0       # line of the (extracted) text it was read from; 0: the document as a whole


@dataclass
class Mention:
    """A glossary name found in a block's text."""

    entry: str          # id of the glossary entry
    start: int          # offsets in the block's text
    end: int
    text: str           # the name as the text writes it
    first: bool = False  # first of this entry in its section and language: linked


@dataclass
class Sentence:
    text: str
    group: int | None = None    # sentences of a pair that share a group correspond
    garbled: bool = False
    script: Script = "neutral"


@dataclass
class Block:
    """A heading, paragraph or caption of an article, in one language."""

    kind: str                   # BlockKind
    text: str
    line: int                   # line of the capture the block starts on
    role: str = "body"          # headline, dek, byline, dateline, summary, body, credit, source, masthead
    lang: str = "zh"            # Lang
    script: str = "neutral"     # Script, for Chinese blocks
    id: str = ""
    pair: str | None = None     # id of the block in the other language that translates this one
    garbled: bool = False
    truncated: bool = False
    level: int = 2              # heading level, for headings
    sentences: list[Sentence] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)   # why the block got its kind/role/marks
    mentions: list[Mention] = field(default_factory=list)   # glossary names in text, in order


@dataclass
class EventEdit:
    """An editor's change to an article's timeline, from its sidecar (edits win over the build)."""

    line: int                   # line of the edit in the sidecar, for errors
    id: str | None = None       # the event found by the build that this edit changes
    block: str | None = None    # for an added event: the paragraph it comes from
    value: str | None = None
    end_value: str | None = None
    statement: dict[str, str] = field(default_factory=dict)    # "en" / "zh"
    entities: list[str] | None = None
    date_of: str | None = None  # "event" or "report"
    planned: bool | None = None
    hide: bool = False
    same_as: str | None = None  # "<slug>/<event id>": this event is that one, reported again


@dataclass
class EventSource:
    """Where an event is told: one date expression in one paragraph."""

    article: str                # slug
    block: str                  # block id: the paragraph's anchor
    lang: str
    text: str                   # the date expression as written ("" for an event an editor added)
    id: str = ""                # "<block>@<text>": what an editor's edit names


@dataclass
class Event:
    """Something that happened (or will) on a date the text gives, resolved to a TIMEX3 value."""

    id: str                     # "<block id>@<date text>" of its first source, unique in its article
    article: str                # slug of the article of its first source
    value: str
    granularity: str
    start: str                  # first and last day the value covers (YYYY-MM-DD), for ordering
    end: str
    end_value: str | None = None
    mod: str | None = None
    statement: dict[str, str] = field(default_factory=dict)   # "en" / "zh": the clause around the date
    script: str = "neutral"     # of the Chinese statement
    entities: list[str] = field(default_factory=list)         # glossary ids, in order of mention
    sources: list[EventSource] = field(default_factory=list)
    date_of: str = "event"      # "report": the text dates only the report of it (报道/披露/published)
    garbled: list[str] = field(default_factory=list)          # languages whose statement is garbled text
    planned: bool = False       # every teller wrote before the date came: it was to happen (将, will)
    position: int = 0           # where its first source is in the article, for a stable order
    edited: list[str] = field(default_factory=list)           # what editors changed

    @property
    def key(self) -> str:
        return f"{self.article}/{self.id}"


@dataclass
class Article:
    capture: str                # file name of the capture in seeds/
    index: int                  # 1-based position in the capture
    slug: str
    title_en: str | None
    title_zh: str | None
    published: str | None       # YYYY-MM-DD
    publisher_en: str | None
    publisher_zh: str | None
    authors: list[str]
    url: str | None
    summary_en: str | None
    summary_zh: str | None
    source_tag: str | None      # e.g. "觀察者網" from a trailing "(觀察者網)"
    blocks: list[Block]
    inferred: dict[str, str] = field(default_factory=dict)   # field -> how it was guessed
    event_edits: list[EventEdit] = field(default_factory=list)
    translations: dict = field(default_factory=dict)    # block id -> translations.Rendering (our own)
    notes: list = field(default_factory=list)           # notes.AnchoredNote, in text order
    context: dict[str, str] = field(default_factory=dict)   # "en" / "zh": our opening context paragraph
    parsed: str = ""            # a hash of the article as parsed, before the editorial layers
    credit: list[str] = field(default_factory=list)       # editors credited (责任编辑, 編輯, Editing by)
    provenance: dict[str, str] = field(default_factory=dict)  # field -> where its value came from


@dataclass
class Capture:
    name: str                   # file name in seeds/
    encoding: str
    sha256: str
    articles: list[Article]
    changes: list[Change]
    sidecar: str | None         # path of the sidecar, relative to the project root
    format: str = "text"        # text, html or markdown (what the reader found, not the file's name)


def to_inspect_json(capture: Capture) -> dict:
    """The structure printed by `inspect --json` (stable keys first, extra fields after)."""
    return {
        "seed": capture.name,
        "encoding": capture.encoding,
        "format": capture.format,
        "articles": [
            {
                "slug": a.slug,
                "title": a.title_zh or a.title_en or "",
                "title_en": a.title_en,
                "title_zh": a.title_zh,
                "published": a.published,
                "publisher": a.publisher_en or a.publisher_zh or a.source_tag,
                "source_tag": a.source_tag,
                "authors": a.authors,
                "credit": a.credit,
                "url": a.url,
                "summary_en": a.summary_en,
                "summary_zh": a.summary_zh,
                "inferred": a.inferred,
                "provenance": a.provenance,
                "blocks": [
                    {
                        "id": b.id,
                        "kind": b.kind,
                        "lang": b.lang,
                        "text": b.text,
                        "pair": b.pair,
                        "garbled": b.garbled,
                        "truncated": b.truncated,
                        "role": b.role,
                        "script": b.script,
                        "line": b.line,
                        "reasons": b.reasons,
                        "sentences": [asdict(s) for s in b.sentences],
                    }
                    for b in a.blocks
                ],
            }
            for a in capture.articles
        ],
        "changes": [asdict(c) for c in capture.changes],
    }
