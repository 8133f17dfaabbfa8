"""The parts of a story around its text, as a new capture gives them: a standfirst above a wire
lead, a reporter's bare name under the headline, the agencies credited at the end, the site named
as author, and the one-line summary the front page shows."""
from __future__ import annotations

import textwrap

import pytest

from build_scripts.rules import load_rules
from tests.conftest import ROOT, inspect_file


@pytest.fixture(scope="module")
def rules():
    return load_rules(ROOT / "rules")


def _roles(article) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for block in article["blocks"]:
        out.setdefault(block["role"], []).append(block["text"])
    return out


STANDFIRST_PAGE = textwrap.dedent("""\
    <!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8">
    <title>柏林公交下月起夜间加班 – DW – 2025年3月4日</title>
    <script type="application/ld+json">{"@type":"NewsArticle","headline":"柏林公交下月起夜间加班",
      "datePublished":"2025-03-04T08:00:00Z","author":[{"@type":"Organization","name":"DW"}]}</script>
    </head><body>
    <nav><a href="/zh">德国之声</a> <a href="/zh/a">时政风云</a> <a href="/zh/b">经济纵横</a></nav>
    <article>
      <div class="kicker">德国</div>
      <h1>柏林公交下月起夜间加班</h1>
      <p class="teaser">柏林交通公司宣布，四月起周末夜间地铁和公交班次增加三成。工会对人手表示担忧。</p>
      <div class="share">分享 Facebook X 电邮 Whatsapp 复制链接</div>
      <div class="rich-text">
        <p>（德国之声中文网）柏林交通公司周二宣布，自四月起，周五和周六夜间的地铁与公交班次将增加约三成，部分线路的发车间隔由二十分钟缩短为十分钟。</p>
        <p>交通公司表示，新增班次所需的司机将通过内部调配和招聘补足，预计每年增加运营成本约八百万欧元，由市政府专项拨款承担。</p>
        <p>工会代表则指出，目前司机缺额已超过三百人，夜班加密可能进一步加重现有员工的负担，呼吁公司先改善待遇。</p>
      </div>
      <p class="credit">(dpa, 路透社)</p>
    </article>
    <footer>© 2025 Deutsche Welle | 隐私声明</footer>
    </body></html>
    """)


def test_a_standfirst_above_a_wire_lead_is_the_dek_and_the_summary(tmp_path, rules):
    path = tmp_path / "dw.html"
    path.write_text(STANDFIRST_PAGE, encoding="utf-8")
    (article,) = inspect_file(path, rules)["articles"]
    roles = _roles(article)
    teaser = "柏林交通公司宣布，四月起周末夜间地铁和公交班次增加三成。工会对人手表示担忧。"
    assert roles["dek"] == [teaser]
    assert roles["body"][0].startswith("（德国之声中文网）柏林交通公司周二宣布")
    assert article["provenance"]["lead"].startswith("first body paragraph")
    assert article["summary_zh"] == teaser
    assert article["provenance"]["summary"] == "the capture's standfirst"
    assert roles["credit"] == ["(dpa, 路透社)"]          # the agencies, not a sentence of the story
    assert article["authors"] == []                      # the site as JSON-LD author is no byline
    assert "德国" not in roles.get("body", []) and "德国" not in roles.get("dek", [])


def test_without_a_wire_lead_the_first_paragraph_stays_the_lead(tmp_path, rules):
    page = STANDFIRST_PAGE.replace("（德国之声中文网）", "")
    path = tmp_path / "dw.html"
    path.write_text(page, encoding="utf-8")
    (article,) = inspect_file(path, rules)["articles"]
    roles = _roles(article)
    assert "dek" not in roles
    assert roles["body"][0].startswith("柏林交通公司宣布，四月起")


NAME_LINE_CAPTURE = """\
新闻 / 新加坡

樟宜机场第五搭客大厦动工 预计2030年代中启用

{byline}
发布/2025年5月14日 11:20

分享

樟宜机场集团星期三（5月14日）宣布，第五搭客大厦主体工程正式动工，建成后每年可处理约5000万人次旅客，预计在2030年代中期启用。

集团表示，新大厦将采用模块化设计，分阶段投入运作，首阶段将先开放约一半的登机闸口，以配合航空业的复苏步伐。

交通部长在动工仪式上说，航空枢纽地位是新加坡经济的重要支柱，政府会继续与业者合作，确保机场容量走在需求之前。
"""


@pytest.mark.parametrize("byline, authors", [("何惜薇", ["何惜薇"]), ("陈婧 林子恒", ["陈婧", "林子恒"])])
def test_a_reporter_s_bare_name_under_the_headline_is_the_byline(tmp_path, rules, byline, authors):
    path = tmp_path / "zaobao.txt"
    path.write_text(NAME_LINE_CAPTURE.format(byline=byline), encoding="utf-8")
    (article,) = inspect_file(path, rules)["articles"]
    assert article["title"] == "樟宜机场第五搭客大厦动工 预计2030年代中启用"
    assert _roles(article)["byline"] == [byline]
    assert article["authors"] == authors
    body = _roles(article)["body"]
    assert body[0].startswith("樟宜机场集团星期三") and byline not in "".join(body)


@pytest.mark.parametrize("label", ["新加坡", "东南亚", "财经"])
def test_a_section_label_under_the_headline_is_not_a_byline(tmp_path, rules, label):
    path = tmp_path / "zaobao.txt"
    path.write_text(NAME_LINE_CAPTURE.format(byline=label), encoding="utf-8")
    (article,) = inspect_file(path, rules)["articles"]
    assert article["authors"] == []
    assert label not in _roles(article).get("byline", [])
    assert label not in _roles(article)["body"]


def test_summaries_leave_out_the_lead_s_dateline_and_cut_english_at_a_word(tmp_path, rules):
    zh = tmp_path / "cna.txt"
    zh.write_text("市區公車明年全面汰換低地板車\n\n（中央社記者廖思涵台北9日電）台北市政府今天宣布，市區公車將在明年底前"
                  "全面汰換為低地板車型。市府表示，預算已編列。\n\n（編輯：張芳瑜）1141009\n", encoding="utf-8")
    (article,) = inspect_file(zh, rules)["articles"]
    assert article["summary_zh"] == "台北市政府今天宣布，市區公車將在明年底前全面汰換為低地板車型。"
    long_sentence = ("Vietnam's coffee exports jumped 31% in February from a year earlier as traders rushed "
                     "to ship beans harvested late in the season, government data showed on Tuesday, even as many "
                     "farmers in the Central Highlands held back stock in hopes of higher prices after a poor "
                     "harvest in Brazil and heavy rains across Indonesia, officials and traders said.")
    en = tmp_path / "reuters.txt"
    en.write_text(f"Vietnam coffee exports jump\n\nHANOI, March 4 (Reuters) - {long_sentence}\n\n"
                  "The data showed shipments to Europe rose fastest.\n", encoding="utf-8")
    (article,) = inspect_file(en, rules)["articles"]
    summary = article["summary_en"]
    assert summary.startswith("Vietnam's coffee exports jumped") and summary.endswith("…")
    assert summary[:-1] == long_sentence[:len(summary) - 1]        # the capture's own words
    assert long_sentence[len(summary) - 1] in " ,"                 # cut between words
    assert len(summary) <= 240


def test_a_paywall_notice_marks_the_story_cut_off_and_is_not_shown(tmp_path, rules):
    path = tmp_path / "paywalled.txt"
    path.write_text("Ferry fares to rise in April under new formula\n\n"
                    "HONG KONG – Ferry operators will raise fares by an average of 4 per cent from April, the "
                    "transport department said on Thursday.\n\n"
                    "Lawmakers criticised the timing of the increase, saying many families were already struggling "
                    "with\n\n"
                    "This article is only available to subscribers. Subscribe now for unlimited access.\n\n"
                    "Sign in\n", encoding="utf-8")
    (article,) = inspect_file(path, rules)["articles"]
    body = _roles(article)["body"]
    assert body[-1].endswith("struggling with")
    assert [b["truncated"] for b in article["blocks"] if b["role"] == "body"][-1] is True
    assert not any("subscribers" in text or text == "Sign in" for text in sum(_roles(article).values(), []))


def test_a_name_over_a_job_title_is_the_byline(tmp_path, rules):
    path = tmp_path / "st.txt"
    path.write_text("Heavier rain expected as monsoon surge arrives in Singapore\n\nClara Ong\nEnvironment "
                    "Correspondent\n\nSINGAPORE – The second half of January is set to be wetter than usual, the "
                    "weather agency said on Jan 15.\n\nShowers could be heavy on a few days, it said.\n",
                    encoding="utf-8")
    (article,) = inspect_file(path, rules)["articles"]
    assert article["authors"] == ["Clara Ong"]
    assert _roles(article)["body"][0].startswith("SINGAPORE – The second half")
    assert "Environment Correspondent" not in _roles(article)["body"]


def test_glue_repair_keeps_a_name_of_capitalised_words_whole(rules):
    from build_scripts.cleaner import repair_glued_english

    changes = []
    line = "图像来源: Sebastian Christoph Gollnow/dpa, said the White Housespokesman."
    fixed = repair_glued_english(line, 1, rules.cleaning.glue, changes)
    assert "Sebastian Christoph Gollnow" in fixed
    assert "White House spokesman" in fixed
