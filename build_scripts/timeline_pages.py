"""The timeline's pages and exports: timeline.md with its SVG overview and year strips, the
timeline sections of article and glossary pages, timeline.json and timeline.ics.

Every graphic is inline SVG drawn here: no script and no fetch, so it works offline and from
file://. Colours come from the site's CSS (digest.css), so the dark theme restyles them.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import islice

from .glossary import Glossary
from .model import Article, Event
from .writer import display_title, esc, front_matter, generated_notice

TIMELINE_PAGE = "timeline.md"
TIMELINE_JSON = "timeline.json"
TIMELINE_ICS = "timeline.ics"
EDIT_SOURCES = ("editorial/captures/*.yaml (events:)", "rules/timeline.yaml", "rules/dates.yaml")
_MONTHS_ZH = [f"{m}月" for m in range(1, 13)]


def anchor(event: Event) -> str:
    """A short, stable HTML id for an event (its key holds characters ids should not)."""
    return "ev-" + hashlib.sha1(event.key.encode("utf-8")).hexdigest()[:10]


# --- date labels ------------------------------------------------------------------------------------

def date_label(event: Event, labels: dict) -> dict[str, str]:
    """How the event's date reads, in English and Chinese ("Late Oct 2025", "2025年10月底")."""
    en, zh = _point_label(event.value, event.mod, labels)
    if event.end_value:
        end_en, end_zh = _point_label(event.end_value, None, labels)
        return {"en": f"{en}–{end_en}", "zh": f"{zh}至{end_zh}"}
    return {"en": en, "zh": zh}


def _point_label(value: str, mod: str | None, labels: dict) -> tuple[str, str]:
    months = labels["months"]
    if value.endswith("X"):
        return f"{value[:3]}0s", f"{value[:3]}0年代"
    year, _, rest = value.partition("-")
    if rest in labels["seasons"]:
        words = labels["seasons"][rest]
        en_year = f"{year}–{str(int(year) + 1)[2:]}" if rest == "WI" else year
        return f"{words['en']} {en_year}", f"{year}年{words['zh']}"
    if rest in labels["halves"]:
        words = labels["halves"][rest]
        return f"{words['en']} {year}", f"{year}年{words['zh']}"
    if rest.startswith("W"):
        return f"Week {int(rest[1:])}, {year}", f"{year}年第{int(rest[1:])}周"
    mod_words = labels["mods"].get(mod) if mod else None
    if not rest:
        if mod_words:
            return f"{mod_words['en']}{'-' if mod == 'MID' else ' '}{year}", f"{year}年{mod_words['zh']}"
        return year, f"{year}年"
    parts = rest.split("-")
    month = int(parts[0])
    if len(parts) == 2:
        return f"{int(parts[1])} {months[month - 1]} {year}", f"{year}年{month}月{int(parts[1])}日"
    if mod_words:
        return f"{mod_words['en']} {months[month - 1]} {year}", f"{year}年{month}月{mod_words['zh']}"
    return f"{months[month - 1]} {year}", f"{year}年{month}月"


# --- grouping -----------------------------------------------------------------------------------------

@dataclass
class Period:
    """A section of the timeline page: a year (or a decade, for events that only give one)."""

    key: str                    # "2025" or "195X"
    label: str
    events: list[Event]

    @property
    def anchor(self) -> str:
        return f"y{self.key}"


def periods(events: list[Event]) -> list[Period]:
    out: dict[str, Period] = {}
    for event in events:
        key = event.value if event.granularity == "decade" else event.start[:4]
        label = f"{key[:3]}0s · {key[:3]}0年代" if key.endswith("X") else key
        out.setdefault(key, Period(key, label, [])).events.append(event)
    return sorted(out.values(), key=lambda p: (p.events[0].start, p.key))


def month_of(event: Event) -> int | None:
    """The month an event falls in, if it lies within one month."""
    return int(event.start[5:7]) if event.start[:7] == event.end[:7] and event.granularity != "decade" else None


# --- the timeline page --------------------------------------------------------------------------------

@dataclass(frozen=True)
class View:
    """What an event list needs to render, and where its links point from the page it is on."""

    articles: dict[str, Article]
    glossary: Glossary
    labels: dict
    root: str = ""              # from the page to the site's root: "" or "../"
    sources_listed: int = 8     # articles named under one event (rules/timeline.yaml)
    _tellers: dict = field(default_factory=dict, repr=False, compare=False)   # id(event) -> (event, tellers)
    _labels: dict = field(default_factory=dict, repr=False, compare=False)    # slug -> source_label()

    def tellers(self, event: Event) -> dict[str, str]:
        """Each article that tells the event -> the first of its paragraphs that does, in the
        sources' order. Worked out once per event: one retold by hundreds of articles is listed
        on each of their pages."""
        known = self._tellers.get(id(event))
        if known is not None and known[0] is event:
            return known[1]
        found: dict[str, str] = {}
        for source in event.sources:
            found.setdefault(source.article, source.block)
        self._tellers[id(event)] = (event, found)
        return found

    def source_label(self, slug: str) -> tuple[str, str]:
        """An article's title and date as HTML, for the sources under its events (worked out once
        per build: an article tells many events, each listed on several pages)."""
        known = self._labels.get(slug)
        if known is None:
            article = self.articles.get(slug)
            title = esc(display_title(article) if article else slug)
            published = (f' <time datetime="{esc(article.published)}">{esc(article.published)}</time>'
                         if article and article.published else "")
            known = self._labels[slug] = (title, published)
        return known

    def article_url(self, slug: str, block: str) -> str:
        return f"{self.root}articles/{esc(slug)}.html#{esc(block)}"

    def entry_url(self, entry_id: str) -> str:
        return f"{self.root}glossary/{esc(entry_id)}.html"


def render_timeline(events: list[Event], view: View) -> str:
    """The whole timeline: a short intro, a filter by glossary entry, the overview of the years,
    then one collapsed section per year, earliest first. Every year starts closed: at a thousand
    captures the latest year alone holds hundreds of events, and the first screen is the years'
    list with their counts (a link to an event, a month or a year opens it: digest.js)."""
    groups = periods(events)
    told_by = {s.article for e in events for s in e.sources}
    reported = sum(1 for e in events if e.date_of == "report")
    planned = sum(1 for e in events if e.planned)
    out = [front_matter(generated_notice(*EDIT_SOURCES), {
        "edit_source": "editorial/captures/README.md",
        "title": "Timeline · 时间线",
        "description": "Every dated event in the digest's articles, in one chronology.",
        # Left out of search: its statements repeat the articles' own text, which search finds.
        "search": {"exclude": True},
        "hide": ["toc"],
    }), "# Timeline · 时间线\n\n"]
    out.append(f'<p class="tl-intro" lang="en">{len(events)} dated events from {len(told_by)} articles, '
               "earliest first: open a year, or pick one in the chart.</p>\n")
    out.append(_entity_filter(events, view))
    out.append(overview_svg(groups))
    out.append(
        '<details class="tl-about" lang="en">\n<summary>How the dates are read · <span lang="zh-Hans">日期说明</span></summary>\n'
        "<p>Each date is read from the article's text and resolved against the day the article was published "
        "(“明年4月” in a December 2025 article is April 2026); vague dates (“early 2026”, “this past spring”) "
        "are drawn as spans. Events with no date in the text are not listed. "
        f'A <span class="tl-badge tl-badge-report">reported</span> date ({reported} of them) is the date of a '
        "report about the event, not of the event itself; a "
        f'<span class="tl-badge tl-badge-planned">planned</span> event ({planned} of them) was still to come '
        "when every article telling it was written. Statements are quoted from the articles, or "
        "in the editors’ own words where marked “edited”.</p>\n"
        f'<p class="tl-downloads">Download: <a href="{TIMELINE_JSON}" download>timeline.json</a> '
        f'(every event) · <a href="{TIMELINE_ICS}" download>timeline.ics</a> (events with an exact day, '
        "for a calendar)</p>\n</details>\n\n")
    for period in groups:
        decade = period.key.endswith("X")
        count = len(period.events)
        out.append('<details class="tl-year">\n'
                   f'<summary><h2 id="{period.anchor}">{esc(period.label)}'
                   f' <span class="tl-year-count" lang="en">{count} event{"s" if count != 1 else ""}</span></h2></summary>\n')
        months = sorted({m for e in period.events if (m := month_of(e)) is not None})
        if not decade and any(e.granularity not in ("year", "decade") for e in period.events):
            out.append(year_strip(period, view.labels))
        wide = [e for e in period.events if month_of(e) is None]
        if wide and not months:
            out.append(event_list(wide, view, with_ids=True))
        elif wide:
            english, chinese = ("Whole decade", "整个年代") if decade else ("Longer periods", "较长时段")
            out.append(f'<h3 id="{period.anchor}-periods">{english} · <span lang="zh-Hans">{chinese}</span></h3>\n')
            out.append(event_list(wide, view, with_ids=True))
        for month in months:
            listed = [e for e in period.events if month_of(e) == month]
            out.append(f'<h3 id="{period.anchor}-{month:02d}">{esc(view.labels["months"][month - 1])} {period.key} · '
                       f'<span lang="zh-Hans">{period.key}年{_MONTHS_ZH[month - 1]}</span></h3>\n')
            out.append(event_list(listed, view, with_ids=True))
        out.append("</details>\n\n")
    return "".join(out)


def _entity_filter(events: list[Event], view: View) -> str:
    """A menu of the glossary entries the events name, most events first (digest.js makes it work;
    without scripts it stays hidden)."""
    counts: dict[str, int] = {}
    for event in events:
        for entity in event.entities:
            if entity in view.glossary.entries:
                counts[entity] = counts.get(entity, 0) + 1
    if not counts:
        return ""
    ranked = sorted(counts, key=lambda i: (-counts[i], view.glossary.entries[i].name_en.lower(), i))
    options = "".join(
        f'<option value="{esc(i)}">{esc(view.glossary.entries[i].name_en)} · {esc(view.glossary.entries[i].name_hans)} '
        f'({counts[i]})</option>\n' for i in ranked)
    return ('<p class="tl-filter" hidden><label for="tl-entity">只看 · Only events naming</label>\n'
            f'<select id="tl-entity">\n<option value="">全部 · every entry</option>\n{options}</select>\n'
            '<output class="tl-filter-count" for="tl-entity" aria-live="polite"></output></p>\n\n')


def render_timeline_section(events: list[Event], view: View, article: str | None = None) -> str:
    """The timeline section of an article's page (`article`: its slug) or a glossary entry's."""
    if not events:
        return ""
    intro = ("Dated events this article tells, earliest first; a date leads to its paragraph." if article else
             "Dated events that involve this entry, earliest first.")
    return (f'## Timeline · <span lang="zh-Hans">时间线</span> {{#timeline data-search-exclude}}\n\n'
            f'<p class="tl-intro" lang="en">{intro} <a href="{view.root}timeline.html">The whole timeline</a>.</p>\n\n'
            + event_list(events, view, with_ids=False, timeline_link=f"{view.root}timeline.html", here=article))


def event_list(events: list[Event], view: View, with_ids: bool, timeline_link: str | None = None,
               here: str | None = None) -> str:
    items = "".join(_event_item(e, view, with_ids, timeline_link, here) for e in events)
    return f'<ol class="tl-list">\n{items}</ol>\n\n'


def _event_item(event: Event, view: View, with_id: bool, timeline_link: str | None, here: str | None) -> str:
    label = date_label(event, view.labels)
    classes = (["tl-event", f"tl-{event.granularity}"] + (["tl-reported"] if event.date_of == "report" else [])
               + (["tl-planned"] if event.planned else []))
    ident = f' id="{anchor(event)}"' if with_id else ""
    # The entities are for the timeline page's filter; an article's page lists its entries once.
    entities = f' data-entities="{esc(" ".join(event.entities))}"' if event.entities and here is None else ""
    when = (f'<span class="tl-date" lang="en">{esc(label["en"])}</span> '
            f'<span class="tl-date-zh" lang="zh-Hans">{esc(label["zh"])}</span>')
    own_block = view.tellers(event).get(here) if here is not None else None
    if own_block:       # on the article's page the statement shows the date as the text writes it
        when = f'<a class="tl-here" href="#{esc(own_block)}" lang="en">{esc(label["en"])}</a>'
    value = f' data-value="{esc(event.value)}"' if here is None else ""
    out = [f'<li class="{" ".join(classes)}"{ident}{value}{entities}>\n'
           f'<p class="tl-when">{when}']
    if event.date_of == "report":
        out.append(' <span class="tl-badge tl-badge-report" title="The text dates only a report of this">'
                   'reported · <span lang="zh-Hans">报道日期</span></span>')
    if event.planned:
        out.append(' <span class="tl-badge tl-badge-planned" title="Still to come when the articles were written">'
                   'planned · <span lang="zh-Hans">计划</span></span>')
    if event.edited:
        out.append(f' <span class="tl-badge tl-badge-edited" title="Changed by an editor: '
                   f'{esc(", ".join(event.edited))}">edited · <span lang="zh-Hans">已编辑</span></span>')
    if timeline_link is not None:
        out.append(f' <a class="tl-more" href="{timeline_link}#{anchor(event)}">timeline →</a>')
    out.append("</p>\n")
    for lang in ("zh", "en"):
        if lang in event.statement:
            attr = "en" if lang == "en" else {"Hans": "zh-Hans", "Hant": "zh-Hant"}.get(event.script, "zh")
            garbled = lang in event.garbled
            badge = ' <span class="digest-badge digest-badge-garbled" lang="en">garbled in the source</span>'
            out.append(f'<p class="tl-statement{" garbled" if garbled else ""}" lang="{attr}">'
                       f'{_with_date(event, lang)}{badge if garbled else ""}</p>\n')
    out.append(_sources(event, view, here))
    entries = [view.glossary.entries[i] for i in event.entities if i in view.glossary.entries]
    if entries and here is None:
        out.append('<p class="tl-entities">' + "".join(
            f'<a class="tl-entity" href="{view.entry_url(e.id)}" data-gl="{esc(e.id)}" lang="en">{esc(e.name_en)}</a>'
            for e in entries) + "</p>\n")
    out.append("</li>\n")
    return "".join(out)


def _sources(event: Event, view: View, here: str | None) -> str:
    """Each article that tells the event, linked at its (first) paragraph; on an article's own
    page the others only (the event's date links to the article's paragraph)."""
    first_block = view.tellers(event)
    own = here in first_block
    # The first tellers only: an event retold by hundreds of articles must not list them all
    # under every one of them.
    shown = list(islice((s for s in first_block if s != here), view.sources_listed))
    if not shown:
        return ""
    links = []
    for slug in shown:
        title, published = view.source_label(slug)
        links.append(f'<a href="{view.article_url(slug, first_block[slug])}">{title}</a>{published}')
    unlisted = len(first_block) - own - len(shown)
    if unlisted:
        links[-1] += (f' <span class="tl-unlisted">and {unlisted} more · <span lang="zh-Hans">另有 {unlisted} 篇'
                      f'</span></span>')
    label, label_zh = (("Also told by", "另见") if own else ("Sources", "来源") if len(first_block) > 1
                       else ("Source", "来源"))
    return (f'<p class="tl-sources"><span class="digest-label">{label} · <span lang="zh-Hans">{label_zh}</span></span> '
            f'{" · ".join(links)}</p>\n')


def _with_date(event: Event, lang: str) -> str:
    """The statement, its date expression marked."""
    text = event.statement[lang]
    for source in event.sources:
        if source.lang == lang and source.text and source.text in text:
            start = text.index(source.text)
            end = start + len(source.text)
            return f'{esc(text[:start])}<mark class="tl-mark">{esc(text[start:end])}</mark>{esc(text[end:])}'
    return esc(text)


# --- graphics ---------------------------------------------------------------------------------------

_WIDTH = 720


def overview_svg(groups: list[Period]) -> str:
    """A column per year (or decade) with events, its height their number, linked to its section;
    a gap where years without events are skipped."""
    if not groups:
        return ""
    most = max(len(p.events) for p in groups)
    gaps = sum(1 for a, b in zip(groups, groups[1:]) if not _consecutive(a.key, b.key))
    column = min(64.0, (_WIDTH - 20 - gaps * 16) / len(groups))
    x, parts = 10.0, []
    for index, period in enumerate(groups):
        if index and not _consecutive(groups[index - 1].key, period.key):
            parts.append(f'<text class="tl-gap" x="{x + 8:.1f}" y="84" text-anchor="middle">⋯</text>')
            x += 16
        height = max(3.0, 64 * (len(period.events) / most) ** 0.5)     # square root: 1 event stays visible
        count = len(period.events)
        name = period.label.split(" · ")[0]
        parts.append(
            f'<a href="#{period.anchor}"><title>{esc(name)}: {count} event{"s" if count != 1 else ""}</title>'
            f'<rect class="tl-bar" x="{x + 3:.1f}" y="{80 - height:.1f}" width="{column - 6:.1f}" '
            f'height="{height:.1f}" rx="2"/>'
            f'<text class="tl-count" x="{x + column / 2:.1f}" y="{76 - height:.1f}" text-anchor="middle">{count}</text>'
            f'<text class="tl-axis-label" x="{x + column / 2:.1f}" y="98" text-anchor="middle">{esc(name)}</text></a>')
        x += column
    total = sum(len(p.events) for p in groups)
    return (f'<figure class="tl-figure tl-overview">\n<svg viewBox="0 0 {_WIDTH} 106" role="group" '
            f'aria-label="Events per year: {total} in all">\n'
            f'<line class="tl-axis" x1="6" y1="80.5" x2="{x + 4:.1f}" y2="80.5"/>\n' + "\n".join(parts)
            + '\n</svg>\n<figcaption><span lang="en">Events per year</span> · <span lang="zh-Hans">每年事件数</span>'
            '<span lang="en">: select a year to jump to it.</span></figcaption>\n</figure>\n\n')


def _consecutive(a: str, b: str) -> bool:
    return not a.endswith("X") and not b.endswith("X") and int(b) == int(a) + 1


def year_strip(period: Period, labels: dict) -> str:
    """The year as a strip of twelve months with each event placed on it: a dot for a day, a bar
    for a span (a month, a season, "early 2026"), in lanes so that none hides another."""
    year = int(period.key)
    first, last = date(year, 1, 1), date(year, 12, 31)
    length = (last - first).days + 1
    left, plot = 10.0, _WIDTH - 20.0

    def x(day: date) -> float:
        return left + plot * (min(max(day, first), last + timedelta(days=1)) - first).days / length

    # Events that give only the year (or run across years) would each fill a lane end to end:
    # one band stands for them all, linked to where they are listed.
    whole = [e for e in period.events if e.start <= first.isoformat() and e.end >= last.isoformat()]
    lanes: list[float] = []
    shapes = []
    if whole:
        lanes.append(left + plot)
        target = f"{period.anchor}-periods" if any(month_of(e) for e in period.events) else period.anchor
        shapes.append(f'<a href="#{target}"><title>{len(whole)} event{"s" if len(whole) != 1 else ""} dated '
                      f'only to the year {year} or longer</title>'
                      f'<rect class="tl-span tl-vague" x="{left:.1f}" y="6" width="{plot:.1f}" height="12" rx="4"/>'
                      f'<text class="tl-band-label" x="{left + plot / 2:.1f}" y="15.5" text-anchor="middle">'
                      f'{len(whole)} across the year · 全年</text></a>')
    for event in sorted((e for e in period.events if e not in whole), key=lambda e: (e.start, e.end)):
        start, end = date.fromisoformat(event.start), date.fromisoformat(event.end)
        x0, x1 = x(start), x(end + timedelta(days=1))
        point = event.granularity == "day" and not event.end_value
        reach = (x0 - 6, x0 + 6) if point else (x0, max(x1, x0 + 6))
        lane = next((i for i, right in enumerate(lanes) if right + 3 <= reach[0]), len(lanes))
        if lane == len(lanes):
            lanes.append(reach[1])
        lanes[lane] = reach[1]
        y = 12 + lane * 13
        css = "tl-dot" if point else "tl-span"
        css += " tl-reported" if event.date_of == "report" else ""
        css += " tl-planned" if event.planned else ""
        css += " tl-vague" if event.mod or event.granularity in ("year", "half", "season", "decade") else ""
        title = esc(f"{date_label(event, labels)['en']}: " + _one_line(event))
        shape = (f'<circle class="{css}" cx="{(x0 + x(start + timedelta(days=1))) / 2:.1f}" cy="{y}" r="5"/>'
                 if point else
                 f'<rect class="{css}" x="{x0:.1f}" y="{y - 4}" width="{max(x1 - x0, 6):.1f}" height="8" rx="4"/>')
        shapes.append(f'<a href="#{anchor(event)}"><title>{title}</title>{shape}</a>')
    top = 12 + len(lanes) * 13
    ticks, months_with_events = [], {int(e.start[5:7]) for e in period.events if month_of(e)}
    for month in range(1, 13):
        mx = x(date(year, month, 1))
        ticks.append(f'<line class="tl-tick" x1="{mx:.1f}" y1="4" x2="{mx:.1f}" y2="{top}"/>')
        label_x = (mx + x(date(year + (month == 12), month % 12 + 1, 1))) / 2
        text = (f'<text class="tl-axis-label" x="{label_x:.1f}" y="{top + 14}" text-anchor="middle">'
                f'{esc(labels["months"][month - 1])}</text>')
        ticks.append(f'<a href="#{period.anchor}-{month:02d}">{text}</a>' if month in months_with_events else text)
    return (f'<figure class="tl-figure tl-strip">\n<svg viewBox="0 0 {_WIDTH} {top + 20}" role="group" '
            f'aria-label="{year}: {len(period.events)} events placed by date">\n'
            + "\n".join(ticks) + "\n" + "\n".join(shapes) + "\n</svg>\n</figure>\n\n")


def _one_line(event: Event) -> str:
    text = event.statement.get("en") if "en" in event.statement and "en" not in event.garbled else None
    text = text or event.statement.get("zh") or next(iter(event.statement.values()), "")
    return text if len(text) <= 90 else text[:89] + "…"


# --- exports --------------------------------------------------------------------------------------

def render_timeline_json(events: list[Event], view: View) -> str:
    data = {
        "generated": "GENERATED by `python -m build_scripts build`; do not edit: edit " + ", ".join(EDIT_SOURCES),
        "about": "Dated events from the digest's articles. value/end_value: TimeML TIMEX3; start/end: the days "
                 "the value covers; date_of 'report': the text dates only a report of the event; planned: "
                 "still to come when every article telling it was written.",
        "events": [{
            "id": event.key, "anchor": anchor(event), "value": event.value, "end_value": event.end_value,
            "granularity": event.granularity, "mod": event.mod, "start": event.start, "end": event.end,
            "label": date_label(event, view.labels), "statement": event.statement, "date_of": event.date_of,
            "planned": event.planned,
            "entities": event.entities, "garbled": event.garbled, "edited": event.edited,
            "sources": [{"article": s.article, "block": s.block, "lang": s.lang, "text": s.text, "id": s.id,
                         "url": f"articles/{s.article}.html#{s.block}"} for s in event.sources],
        } for event in events],
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def render_timeline_ics(events: list[Event], view: View) -> str:
    """The events with an exact day (or run of days) as all-day calendar entries (RFC 5545).
    DTSTAMP is the newest article's date, not the build's time: the same inputs, the same file."""
    published = sorted(a.published for a in view.articles.values() if a.published)
    stamp = (published[-1] if published else "2000-01-01").replace("-", "") + "T000000Z"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Bilingual News Digest//Timeline//EN",
             "CALSCALE:GREGORIAN", "X-WR-CALNAME:Bilingual News Digest · 时间线",
             "X-WR-CALDESC:GENERATED by `python -m build_scripts build` from the digest's articles; "
             "edit editorial/captures/*.yaml (events:) instead."]
    for event in events:
        if event.granularity != "day" or event.mod:
            continue
        first, last = date.fromisoformat(event.start), date.fromisoformat(event.end)
        summary = _one_line(event)
        if event.date_of == "report":
            summary = "[reported] " + summary
        elif event.planned:
            summary = "[planned] " + summary
        description = "\n".join(
            [event.statement[lang] for lang in ("zh", "en") if lang in event.statement]
            + [f"Source: {display_title(view.articles[s.article]) if s.article in view.articles else s.article}"
               f" (articles/{s.article}.html#{s.block})" for s in event.sources])
        lines += ["BEGIN:VEVENT", f"UID:{anchor(event)}@bilingual-digest", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{first:%Y%m%d}", f"DTEND;VALUE=DATE:{last + timedelta(days=1):%Y%m%d}",
                  f"SUMMARY:{_ics_text(summary)}", f"DESCRIPTION:{_ics_text(description)}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with a space (RFC 5545 3.1), never splitting a character."""
    out, current = [], ""
    for char in line:
        limit = 75 if not out else 74
        if len((current + char).encode("utf-8")) > limit:
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return "\r\n ".join(out)
