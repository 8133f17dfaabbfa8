"""Timeline events: from the real seeds, the editors' sidecar edits, the pages and the exports."""
from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date

import icalendar
import pytest

from build_scripts.build import read_project_corpus, render_docs
from build_scripts.cache import BuildCache
from build_scripts.dates import DateMention, granularity_of, interval
from build_scripts.errors import BuildFailed, InputError
from build_scripts.events import article_events, merge_retold, statement_around
from build_scripts.metadata import load_sidecar
from build_scripts.model import Block, Event, EventSource, Sentence
from build_scripts.timeline_pages import View, anchor, date_label, month_of, render_timeline, render_timeline_ics
from tests.conftest import copy_project, run_cli


@pytest.fixture(scope="module")
def corpus(project):
    return read_project_corpus(project)


@pytest.fixture(scope="module")
def docs(project):
    return render_docs(project, BuildCache.for_project(project.root))[0]


def by_key(corpus) -> dict[str, Event]:
    return {f"{s.article}/{s.id}": e for e in corpus.events for s in e.sources}


# --- TIMEX3 values read back ------------------------------------------------------------------

@pytest.mark.parametrize("value, granularity, first, last", [
    ("2025-12-03", "day", "2025-12-03", "2025-12-03"),
    ("2024-02", "month", "2024-02-01", "2024-02-29"),
    ("2025-WI", "season", "2025-12-01", "2026-02-28"),
    ("2025-SP", "season", "2025-03-01", "2025-05-31"),
    ("2025-H2", "half", "2025-07-01", "2025-12-31"),
    ("2025-W01", "week", "2024-12-30", "2025-01-05"),
    ("2026", "year", "2026-01-01", "2026-12-31"),
    ("203X", "decade", "2030-01-01", "2039-12-31"),
])
def test_values_give_their_granularity_and_days(value, granularity, first, last):
    assert granularity_of(value) == granularity
    assert interval(value) == (date.fromisoformat(first), date.fromisoformat(last))


@pytest.mark.parametrize("value", ["2025-13", "2025-02-30", "2025-W60", "25", "2025-XX", "next year", ""])
def test_malformed_values_are_not_values(value):
    assert granularity_of(value) is None


def test_modifiers_and_ranges_narrow_or_widen_the_days():
    early = interval("2026", mod="START")
    assert early[0] == date(2026, 1, 1) and early[1] < date(2026, 6, 1)
    late = interval("2025-10", mod="END")
    assert late[0] > date(2025, 10, 15) and late[1] == date(2025, 10, 31)
    assert interval("2000", "2019") == (date(2000, 1, 1), date(2019, 12, 31))


# --- statements -----------------------------------------------------------------------------------

def block(text: str, lang: str = "zh") -> Block:
    return Block(kind="paragraph", text=text, line=1, lang=lang, sentences=[Sentence(text)])


def statement(rules, text: str, date_text: str, lang: str = "zh") -> str:
    start = text.index(date_text)
    mention = DateMention(date_text, start, start + len(date_text), "2025-10", "month")
    return statement_around(block(text, lang), mention, rules.timeline)[2]


def test_a_date_opening_its_clause_takes_what_follows(rules):
    text = "10月\uff0c两国领导人在韩国会面\uff0c达成初步协议\u3002"
    assert statement(rules, text, "10月").startswith("10月\uff0c两国领导人在韩国会面")


def test_a_date_closing_its_clause_belongs_to_the_next_one(rules):
    # A caption glued to an author's biography: the bio is not part of the event.
    text = "美国众议院资深议员10月\uff0c中美两国领导人在韩国会面\u3002"
    said = statement(rules, text, "10月")
    assert said.startswith("10月") and "议员" not in said


def test_a_date_inside_its_clause_grows_back_to_the_subject(rules):
    text = "目前这两份文件均已接近完成\uff0c可能在本月发布\uff1b另外两人也证实了\u3002"
    said = statement(rules, text, "本月")
    assert said.startswith("目前这两份文件") and "另外" not in said


def test_linking_words_and_edge_punctuation_are_trimmed(rules):
    text = "离开美国的科学家有三分之二回到中国\uff0c而在2010年这一比例不到一半\u3002"
    said = statement(rules, text, "2010年")
    assert said.endswith("不到一半") and not said.startswith("\uff0c")
    english = statement(rules, "And over the summer, he pitched the project to the president directly.",
                        "over the summer", "en")
    assert english.startswith("Over the summer, he pitched")


def test_long_statements_are_cut_around_the_date_with_an_ellipsis(rules):
    text = "\u3002".join(["甲" * 40 + "\uff0c" + "乙" * 40 + "在今年5月宣布" + "丙" * 90]) + "\u3002"
    said = statement(rules, text, "今年5月")
    assert "今年5月" in said and said.endswith("…")
    assert len(said) <= rules.timeline.max_chars["zh"] + 2


# --- events from the seeds -------------------------------------------------------------------------

def test_the_seeds_give_many_events_in_chronological_order(corpus):
    events = corpus.events
    assert len(events) >= 80
    keys = [(e.start, e.end) for e in events]
    assert keys == sorted(keys)
    assert {e.granularity for e in events} >= {"day", "month", "season", "year", "decade"}


def test_every_event_comes_from_a_real_paragraph_and_quotes_its_date(corpus):
    blocks = {(a.slug, b.id): b for a in corpus.articles for b in a.blocks}
    for event in corpus.events:
        for source in event.sources:
            found = blocks[(source.article, source.block)]
            assert found.role not in ("dateline", "byline"), event.key
            if source.text:
                assert source.text in found.text
                if "statement" not in event.edited:
                    assert source.text in event.statement[source.lang], (event.key, event.statement)
        assert granularity_of(event.value) == event.granularity or "added" in event.edited


def test_a_paragraph_and_its_translation_tell_one_event(corpus):
    summer = by_key(corpus)["masayoshi-son-trump-industrial-parks/p-b2496407@Over the summer"]
    assert summer.value == "2025-SU" and set(summer.statement) == {"en", "zh"}
    assert {s.lang for s in summer.sources} == {"en", "zh"}
    assert "masayoshi-son" in summer.entities


def test_the_same_report_in_two_articles_is_one_event_with_both_sources(corpus):
    ft = by_key(corpus)["nss-delayed-bessent-softer-china-wording/p-76ca579e@12月4日"]
    assert {s.article for s in ft.sources} == {"nss-delayed-bessent-softer-china-wording",
                                               "us-pauses-salt-typhoon-sanctions-hawks-upset"}
    assert ft.date_of == "report"      # the Financial Times' story, not the pause it reports


def test_report_dates_are_told_apart_from_event_dates(corpus):
    events = by_key(corpus)
    assert events["china-no-longer-cash-cow-western-firms/p-9ec9e491@11月29日"].date_of == "report"
    assert events["trump-2-0-us-china-tech-talent-race/p-13d013f8@12月3日"].date_of == "event"
    assert events["us-scholar-china-won-2025-contest/c-17f8fd1e@10月30日"].date_of == "event"


def test_glossary_entities_come_from_the_statement(corpus):
    busan = by_key(corpus)["us-scholar-china-won-2025-contest/c-17f8fd1e@10月30日"]
    assert "busan" in busan.entities
    assert all(e in corpus.glossary.entries for ev in corpus.events for e in ev.entities)


def test_without_a_published_date_only_absolute_dates_remain(corpus, rules):
    article = next(a for a in corpus.articles if a.slug == "trump-2-0-us-china-tech-talent-race")
    dated = {e.value for e in article_events(article, rules)}
    undated = article_events(replace(article, published=None), rules)
    assert undated, "absolute dates such as 2000年至2019年 must stay"
    texts = {s.text for e in undated for s in e.sources}
    assert "2000年至2019年" in texts and "今年5月" not in texts and "12月3日" not in texts
    assert {e.value for e in undated} <= dated


# --- editors' edits ----------------------------------------------------------------------------------

def test_the_real_sidecars_edits_win(corpus):
    events = by_key(corpus)
    visit = events["krishnamoorthi-us-short-term-trap-on-china/p-0c60d707@明年4月"]
    assert events["white-house-contacts-china-shenzhen-2-0/p-2b516b9d@明年4月"] is visit
    assert "trump-visit-to-china-2026" in visit.entities and "merged" in visit.edited
    assert "jensen-huang-us-china-ai-factory-race/p-8fe44278@今天" not in events      # hidden
    added = events["trump-2-0-us-china-tech-talent-race/p-83536566@2018"]
    assert added.value == "2018" and "added" in added.edited and "china-initiative" in added.entities
    openai = events["masayoshi-son-trump-industrial-parks/p-359e7b8d@this year"]
    assert openai.statement["en"] == "SoftBank commits $30 billion to OpenAI"


SIDECAR = "editorial/captures/002_5e8ee65edc201a9f.yaml"


def add_edits(project, slug: str, edits: str) -> None:
    """Append an `events:` list to an article's entry in the 002 sidecar (replacing its own)."""
    path = project.root / SIDECAR
    text = path.read_text(encoding="utf-8")
    start = text.index(f"slug: {slug}\n")
    end = text.find("\n  - index:", start)
    entry = text[start:end if end >= 0 else len(text)]
    kept = entry.split("\n    events:")[0].rstrip("\n")
    path.write_text(text.replace(entry, kept + "\n    events:\n" + edits.rstrip("\n")), encoding="utf-8")


def test_editors_correct_hide_add_and_merge(tmp_path):
    project = copy_project(tmp_path)
    add_edits(project, "us-scholar-china-won-2025-contest", """\
      - id: c-17f8fd1e@10月30日
        value: 2025-10-30
        statement: {en: "Xi and Trump meet in Busan"}
        date_of: event
      - id: us-scholar-china-won-2025-contest/p-d39d3ed8@11月25日
        hide: true
      - block: p-bb032f88
        value: 2025-H2
        statement: {zh: "中国在对美博弈中占据上风"}
        entities: [china]
      - id: c-3908ba6c@10月31日
        value: 2025-10-30
        same_as: us-scholar-china-won-2025-contest/c-17f8fd1e@10月30日
""")
    events = by_key(read_project_corpus(project))
    busan = events["us-scholar-china-won-2025-contest/c-17f8fd1e@10月30日"]
    assert busan.statement["en"] == "Xi and Trump meet in Busan" and "zh" in busan.statement
    assert events["us-scholar-china-won-2025-contest/c-3908ba6c@10月31日"] is busan
    assert "us-scholar-china-won-2025-contest/p-d39d3ed8@11月25日" not in events
    half = events["us-scholar-china-won-2025-contest/p-bb032f88@2025-H2"]
    assert (half.granularity, half.start, half.end) == ("half", "2025-07-01", "2025-12-31")


@pytest.mark.parametrize("edits, field, reason", [
    ("      - id: p-nope@明年\n        hide: true\n", "events.id", "has no event 'p-nope@明年'"),
    ("      - block: p-nope\n        value: 2025\n        statement: {en: x}\n", "events.block", "no block"),
    ("      - id: c-17f8fd1e@10月30日\n        entities: [no-such-entry]\n", "events.entities", "no-such-entry"),
    ("      - id: c-17f8fd1e@10月30日\n        same_as: nowhere/p-1@2025\n", "events.same_as", "names no event"),
])
def test_an_edit_that_names_nothing_fails_with_file_line_and_field(tmp_path, edits, field, reason):
    project = copy_project(tmp_path)
    add_edits(project, "us-scholar-china-won-2025-contest", edits)
    before = (project.root / "docs" / "timeline.md").read_bytes()
    result = run_cli(["build"], project.root)
    assert result.returncode == 2
    assert SIDECAR in result.stderr and f"field '{field}'" in result.stderr and reason in result.stderr
    assert re.search(r"line \d+", result.stderr)
    assert (project.root / "docs" / "timeline.md").read_bytes() == before


@pytest.mark.parametrize("edit, field", [
    ("value: 2025-13", "events.value"),
    ("value: next spring", "events.value"),
    ("date_of: rumour", "events.date_of"),
    ("hide: sometimes", "events.hide"),
    ("planned: soon", "events.planned"),
    ("colour: red", "events.colour"),
])
def test_malformed_edits_are_caught_when_the_sidecar_loads(tmp_path, edit, field):
    path = tmp_path / "sidecar.yaml"
    path.write_text(f"articles:\n  - index: 1\n    events:\n      - id: p-1@2025\n        {edit}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_sidecar(path)
    assert caught.value.line == 5 and caught.value.field == field


# --- pages ---------------------------------------------------------------------------------------------

def test_the_timeline_page_lists_every_event_in_order_under_years_and_months(corpus, docs):
    page = docs["docs/timeline.md"]
    assert page.startswith("---\n# GENERATED")
    listed = sorted(corpus.events, key=lambda e: page.index(f'id="{anchor(e)}"'))
    # Years in order; within a year, its longer periods first, then month by month, each in order.
    order = [(e.start[:4] if e.granularity != "decade" else e.value[:3], month_of(e) or 0, e.start, e.end)
             for e in listed]
    assert order == sorted(order) and len(listed) == len(corpus.events)
    # One collapsed section per year, its heading the summary; all start closed.
    years = re.findall(r'<details class="tl-year"( open)?>\n<summary><h2 id="y[0-9X]+">(\S+)', page)
    earliest = min(corpus.events, key=lambda e: e.start)
    labels = [label for _, label in years]
    assert labels[0][:3] == earliest.start[:3] and labels == sorted(labels) and "2025" in labels and "2026" in labels
    assert not [label for opened, label in years if opened]
    assert re.search(r'<h3 id="y2025-12">Dec 2025 ', page) and re.search(r'<h3 id="y2026-04">Apr 2026 ', page)
    assert page.count('<figure class="tl-figure tl-strip">') >= 2 and "tl-overview" in page


def test_the_graphics_link_every_placed_event_to_its_entry(docs):
    page = docs["docs/timeline.md"]
    ids = set(re.findall(r'<li class="tl-event[^"]*" id="(ev-[0-9a-f]+)"', page))
    svg_links = set(re.findall(r'<a href="#(ev-[0-9a-f]+)"><title>', page))
    assert svg_links and svg_links <= ids
    sections = set(re.findall(r'<h[23] id="(y[0-9X]+(?:-\d\d|-periods)?)"', page))
    assert set(re.findall(r'<a href="#(y[0-9X]+(?:-\d\d|-periods)?)"', page)) <= sections


def test_article_and_glossary_pages_show_their_events(corpus, docs):
    article = docs["docs/articles/masayoshi-son-trump-industrial-parks.md"]
    section = article[article.index("{#timeline data-search-exclude}"):]
    for block_id in re.findall(r'<a href="#([a-z]-[0-9a-f]+)" title="The paragraph', section):
        assert f'id="{block_id}"' in article
    assert "Summer 2025" in section and "timeline.html#ev-" in section
    trump = docs["docs/glossary/donald-trump.md"]
    involved = [e for e in corpus.events if "donald-trump" in e.entities]
    assert trump.count('<li class="tl-event') == len(involved) > 5
    unmentioned = docs["docs/glossary/salt-typhoon.md"]
    assert ("{#timeline data-search-exclude}" in unmentioned) == any("salt-typhoon" in e.entities for e in corpus.events)


def test_statements_from_a_capture_are_escaped(corpus, rules):
    source = EventSource("a", "p-1", "en", "2025", id="p-1@2025")
    event = Event(id="p-1@2025", article="a", value="2025", granularity="year", start="2025-01-01",
                  end="2025-12-31", statement={"en": "<script>alert(1)</script> [x](javascript:alert(1)) 2025"},
                  sources=[source])
    page = render_timeline([event], View({}, corpus.glossary, rules.timeline.labels))
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert 'href="javascript' not in page


def test_date_labels_read_naturally_in_both_languages(rules):
    labels = rules.timeline.labels

    def label(value, mod=None, end=None):
        return date_label(Event(id="", article="", value=value, granularity="", start="", end="", mod=mod,
                                end_value=end), labels)

    assert label("2025-12-03") == {"en": "3 Dec 2025", "zh": "2025年12月3日"}
    assert label("2025-10", "END") == {"en": "Late Oct 2025", "zh": "2025年10月底"}
    assert label("2026", "START") == {"en": "Early 2026", "zh": "2026年初"}
    assert label("2025-WI")["en"] == "Winter 2025–26"
    assert label("203X") == {"en": "2030s", "zh": "2030年代"}
    assert label("2000", end="2019") == {"en": "2000–2019", "zh": "2000年至2019年"}


# --- exports ------------------------------------------------------------------------------------------

def test_json_export_has_every_event_with_its_sources(corpus, docs):
    data = json.loads(docs["docs/timeline.json"])
    assert "GENERATED" in data["generated"]
    assert [e["id"] for e in data["events"]] == [e.key for e in corpus.events]
    articles = {a.slug for a in corpus.articles}
    for item in data["events"]:
        assert granularity_of(item["value"]) == item["granularity"]
        assert item["sources"] and all(s["article"] in articles for s in item["sources"])


def test_icalendar_export_parses_and_holds_the_exact_days(corpus, docs):
    text = docs["docs/timeline.ics"]
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    calendar = icalendar.Calendar.from_ical(text)
    entries = list(calendar.walk("VEVENT"))
    exact = [e for e in corpus.events if e.granularity == "day" and not e.mod]
    assert len(entries) == len(exact) > 20
    starts = sorted(e.decoded("DTSTART") for e in entries)
    assert starts == sorted(date.fromisoformat(e.start) for e in exact)
    assert len({str(e["UID"]) for e in entries}) == len(entries)


def test_the_timeline_command_lists_ids_that_edits_accept(project):
    result = run_cli(["timeline", "--article", "masayoshi-son-trump-industrial-parks"], project.root)
    assert result.returncode == 0, result.stderr
    assert "id: masayoshi-son-trump-industrial-parks/p-b2496407@Over the summer" in result.stdout
    listed = json.loads(run_cli(["timeline", "--json"], project.root).stdout)
    assert len(listed["events"]) >= 80
    missing = run_cli(["timeline", "--article", "no-such-article"], project.root)
    assert missing.returncode == 2 and "no article 'no-such-article'" in missing.stderr


def test_ics_has_no_build_time_in_it(corpus, rules):
    view = View({a.slug: a for a in corpus.articles}, corpus.glossary, rules.timeline.labels)
    assert render_timeline_ics(corpus.events, view) == render_timeline_ics(list(corpus.events), view)
    newest = max(a.published for a in corpus.articles if a.published).replace("-", "")
    assert f"DTSTAMP:{newest}T000000Z" in render_timeline_ics(corpus.events, view)


def test_an_event_retold_by_many_articles_names_a_few_and_counts_the_rest(corpus):
    """A story copied by dozens of portals must not list them all under every copy."""
    from build_scripts.model import EventSource
    from build_scripts.timeline_pages import View, render_timeline_section

    event = next(e for e in corpus.events if e.sources)
    tellers = [f"copy-{n:03d}" for n in range(30)]
    retold = replace(event, sources=[EventSource(slug, "p-0000", "zh", "") for slug in tellers])
    view = View({a.slug: a for a in corpus.articles}, corpus.glossary, corpus.rules.timeline.labels,
                root="../", sources_listed=corpus.rules.timeline.sources_listed)
    listed = corpus.rules.timeline.sources_listed
    on_a_copy = render_timeline_section([retold], view, "copy-010")
    links = re.findall(r'href="\.\./articles/(copy-\d+)\.html', on_a_copy)
    assert len(links) == listed and "copy-010" not in links
    assert 'class="tl-here" href="#p-0000"' in on_a_copy and f"and {30 - 1 - listed} more" in on_a_copy
    elsewhere = render_timeline_section([retold], view)
    assert len(re.findall(r'href="\.\./articles/copy-', elsewhere)) == listed and f"and {30 - listed} more" in elsewhere


# --- what is an event, what was planned, what is one happening ------------------------------------

def one_block_article(corpus, text: str, lang: str = "zh", published: str | None = "2024-05-03", slug: str = "probe"):
    return article_of(corpus, [("body", text)], lang, published, slug)


def article_of(corpus, blocks: list[tuple[str, str]], lang: str = "zh", published: str | None = "2024-05-03",
               slug: str = "probe"):
    """An article of (role, text) blocks, each a paragraph of one sentence."""
    made = [Block(kind="heading" if role == "headline" else "paragraph", text=text, line=n, lang=lang, role=role,
                  id=f"p-probe{n}", sentences=[Sentence(text)], script="Hans" if lang == "zh" else "neutral")
            for n, (role, text) in enumerate(blocks, start=1)]
    return replace(corpus.articles[0], slug=slug, blocks=made, published=published, event_edits=[])


def dated_texts(corpus, rules, text: str, lang: str = "zh") -> list[str]:
    return [s.text for e in article_events(one_block_article(corpus, text, lang), rules) for s in e.sources]


@pytest.mark.parametrize("text, lang", [
    ("全国粮食产量较去年同期增长3.2%，统计局说。", "zh"),
    ("上证指数收报3400点，创2021年以来新高。", "zh"),
    ("与2019年相比，全市常住人口增加了12万人。", "zh"),
    ("出口额比去年下降了5%，海关总署表示。", "zh"),
    ("今天是2024年5月3日 星期五", "zh"),
    ("2024年5月3日 星期五 农历三月廿五", "zh"),
    ("The yuan fell to its weakest level since 2008, traders said.", "en"),
    ("Output was up 4 percent compared with 2022, the ministry said.", "en"),
    ("Inflation has been higher than in 2019 for eleven months running.", "en"),
    ("Sales rose 12 percent from the same period last year, the company said.", "en"),
    ("Today is Friday, May 3, 2024", "en"),
    ("美国国务院发布《2023年国际宗教自由报告》，评估各国状况。", "zh"),
    ("就像20世纪初的电气化、50年代的石化工业一样，AI是新的基础设施。", "zh"),
    ("內政部長說明住宅法修正草案重點。中央社記者吳柏緯攝 114年3月18日", "zh"),
    ("Students walk to class in Denver on March 27, 2025. (AP Photo/Lena Ortiz)", "en"),
    ("Cranes are seen at a container terminal in Singapore, March 11, 2025. REUTERS/Edgar Su/File Photo", "en"),
    ("Much like the 1950s, the boom rests on cheap credit.", "en"),
])
def test_comparisons_page_dates_titles_analogies_and_photo_dates_are_no_events(corpus, rules, text, lang):
    assert dated_texts(corpus, rules, text, lang) == []


@pytest.mark.parametrize("text, lang, expected", [
    ("5月2日，国务院召开常务会议，部署防汛工作。", "zh", "5月2日"),
    ("自2019年起，该市实行垃圾分类。", "zh", "2019年"),
    ("The two leaders met in Geneva on April 30, officials said.", "en", "April 30"),
    ("The law has been in force from 2019, and courts apply it widely.", "en", "2019"),
])
def test_dates_of_happenings_stay_events(corpus, rules, text, lang, expected):
    assert dated_texts(corpus, rules, text, lang) == [expected]


def test_dates_in_addresses_file_names_and_document_numbers_are_no_events(corpus, rules):
    for text in ("原文见https://www.gov.cn/zhengce/2024-03/07/content_1.htm，请查阅。",
                 "配图IMG_20240307_1532.jpg由读者提供。",
                 "国务院印发《通知》（国发〔2024〕3号），要求各地落实。"):
        assert [t for t in dated_texts(corpus, rules, text) if not t.startswith("《")] == [], text


@pytest.mark.parametrize("text, lang, planned", [
    ("国务院将于5月10日召开全体会议。", "zh", True),
    ("明年，该公司计划在欧洲开设两家工厂。", "zh", True),
    ("国务院5月2日召开常务会议。", "zh", False),
    ("The summit will be held in Lima next month, diplomats said.", "en", True),
    ("The minister said on Tuesday that talks had stalled.", "en", False),
    ("The company opened its first plant in 2019.", "en", False),
])
def test_statements_about_the_future_are_planned(corpus, rules, text, lang, planned):
    events = article_events(one_block_article(corpus, text, lang), rules)
    assert len(events) == 1 and events[0].planned is planned


def test_today_in_a_wire_lead_dates_the_event_and_the_dateline_is_left_out(corpus, rules):
    lead = "（中央社記者林郁軒台北24日電）立法院會今天三讀通過數位韌性法，要求關鍵基礎設施業者定期演練。"
    events = article_events(article_of(corpus, [("body", lead)], published="2025-04-24"), rules)
    assert [(e.value, e.date_of, e.sources[0].text) for e in events] == [("2025-04-24", "event", "今天")]
    assert events[0].statement["zh"].startswith("立法院會今天三讀通過") and "中央社" not in events[0].statement["zh"]


@pytest.mark.parametrize("text, date_of", [
    ("交通諮詢委員會昨日向政府提交報告，建議擴展分段收費。", "event"),
    ("根據保爾森基金會2022年的報告，近一半頂尖AI研究者來自中國。", "report"),
    ("据英国《金融时报》12月4日报道，美国已暂停相关制裁。", "report"),
])
def test_handing_in_a_report_is_an_event_and_citing_one_dates_the_report(corpus, rules, text, date_of):
    events = article_events(one_block_article(corpus, text, published="2025-12-05"), rules)
    assert len(events) == 1 and events[0].date_of == date_of


def test_a_headline_and_its_lead_telling_one_happening_are_one_event(corpus, rules):
    article = article_of(corpus, [
        ("headline", "立法院會24日三讀通過數位韌性法"),
        ("body", "（中央社記者林郁軒台北24日電）立法院會今天三讀通過數位韌性法，要求業者定期演練。"),
        ("body", "行政院24日另召開記者會，說明春節疏運計畫。"),
    ], published="2025-04-24")
    events = article_events(article, rules)
    assert len(events) == 2, [e.statement for e in events]
    told_twice = next(e for e in events if len(e.sources) == 2)
    assert [s.text for s in told_twice.sources] == ["24日", "今天"] and "數位韌性法" in told_twice.statement["zh"]


@pytest.mark.parametrize("text, value, planned", [
    ("日本央行在1月会议上将利率从0.25%上调至0.5%。", "2025-01", False),
    ("该市3月将这些药品纳入医保报销范围。", "2025-03", False),
    ("日本央行预计1月将从0.25%上调利率至0.5%。", "2026-01", True),
    ("央行将于1月会议上调利率。", "2026-01", True),
])
def test_jiang_marking_an_object_says_nothing_of_the_future(corpus, rules, text, value, planned):
    events = article_events(one_block_article(corpus, text, published="2025-03-12"), rules)
    assert [(e.value, e.planned) for e in events] == [(value, planned)]


def _told(event: Event, slug: str, lang: str, statement: str, entities: list[str], planned: bool = False) -> Event:
    source = EventSource(slug, "p-1", lang, event.sources[0].text, id=event.id)
    return replace(event, article=slug, statement={lang: statement}, entities=entities, sources=[source],
                   planned=planned, edited=[])


def test_one_happening_told_in_two_languages_by_two_articles_is_one_event(corpus, rules):
    day = next(e for e in corpus.events if e.granularity == "day" and not e.mod and not e.end_value)
    day = replace(day, date_of="event")
    chinese = _told(day, "a-zh", "zh", "中美两国领导人在釜山会晤", ["busan", "china"], planned=True)
    english = _told(day, "b-en", "en", "The two leaders met in Busan", ["busan", "china"])
    other = _told(day, "c-en", "en", "A typhoon hit the coast", ["taiwan"])
    merged = merge_retold([chinese, english, other], rules.timeline.same_event_similarity,
                          same_entities=rules.timeline.same_event_entities)
    assert len(merged) == 2
    meeting = next(e for e in merged if "busan" in e.entities)
    assert {s.article for s in meeting.sources} == {"a-zh", "b-en"} and set(meeting.statement) == {"zh", "en"}
    assert meeting.planned is False     # one teller wrote after it happened


def test_shared_entries_merge_only_events_of_one_day(corpus, rules):
    month = next(e for e in corpus.events if e.granularity == "month" and not e.mod)
    month = replace(month, date_of="event")
    first = _told(month, "a-zh", "zh", "两国领导人会晤", ["busan", "china"])
    second = _told(month, "b-en", "en", "Tariffs were raised", ["busan", "china"])
    assert len(merge_retold([first, second], rules.timeline.same_event_similarity,
                            same_entities=rules.timeline.same_event_entities)) == 2
