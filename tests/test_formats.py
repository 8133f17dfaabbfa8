"""Captures in other shapes than plain text: saved web pages (under any name), Markdown exports;
page metadata with the field it came from; stories captured twice. The corpus of realistic
captures (test_real_captures.py) checks the outcome per outlet; these check the mechanisms."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from build_scripts.duplicates import find_duplicates
from build_scripts.errors import InputError
from build_scripts.formats import extract, sniff_format, strip_site_suffix
from build_scripts.rules import load_rules
from tests.conftest import ROOT, inspect_file, run_cli

PAGE = textwrap.dedent("""\
    <!DOCTYPE html>
    <html lang="zh-CN"><head><meta charset="utf-8">
    <title>南湾港二期码头今日开港_地方动态_中国政府网</title>
    <meta name="firstpublishedtime" content="2023-02-26-18:01:07">
    <meta name="author" content="中国政府网">
    <link rel="canonical" href="https://www.example.gov.cn/xinwen/2023-02/26/content_1.htm">
    <script>var _hmt = _hmt || []; document.write("<b>tracker</b>");</script>
    </head><body>
    <div class="nav"><a href="/">首页</a> &gt; <a href="/xinwen/">新闻</a> &gt; 正文</div>
    <div class="share">分享到：微信 微博 QQ空间</div>
    <div class="article">
      <h1 id="ti">南湾港二期码头今日开港</h1>
      <figure><img src="port.jpg"><figcaption>二期码头的集装箱桥吊（资料图）</figcaption></figure>
      <p>新华社南湾2月26日电 南湾港二期码头26日正式开港，首批三艘集装箱船靠泊作业，码头年设计吞吐能力达到二百万标准箱。</p>
      <p>据港口管理局介绍，二期工程历时三年建成，新建泊位四个，配套建设了铁路专用线和智能闸口，船舶平均等泊时间预计缩短三成。</p>
      <p>当地官员表示，港口将与内陆城市合作开行海铁联运班列，带动周边制造业&lt;script&gt;出口。</p>
    </div>
    <div class="footer">版权所有：中国政府网 | 网站标识码 bm01000001</div>
    </body></html>
    """)


@pytest.fixture(scope="module")
def rules():
    return load_rules(ROOT / "rules")


def test_a_web_page_saved_under_a_text_name_is_read_as_a_web_page(tmp_path, rules):
    path = tmp_path / "port.txt"
    path.write_text(PAGE, encoding="utf-8")
    article = inspect_file(path, rules)["articles"][0]
    assert article["title"] == "南湾港二期码头今日开港"
    assert article["published"] == "2023-02-26"
    assert article["url"] == "https://www.example.gov.cn/xinwen/2023-02/26/content_1.htm"
    assert article["authors"] == []         # the site's name in <meta name=author> is not a person
    assert article["provenance"]["published"] == "from html //meta[@name='firstpublishedtime']/@content"
    assert "html" in article["provenance"]["title"]
    text = "\n".join(b["text"] for b in article["blocks"])
    for clutter in ("首页", "分享到", "版权所有", "tracker", "_hmt"):
        assert clutter not in text
    captions = [b["text"] for b in article["blocks"] if b["kind"] == "caption"]
    assert captions == ["二期码头的集装箱桥吊（资料图）"]
    body = [b["text"] for b in article["blocks"] if b["kind"] == "paragraph" and b["role"] == "body"]
    assert body[0].startswith("新华社南湾2月26日电")
    assert "<script>出口" in body[-1]       # an escaped tag in the page is text, kept as text


def test_format_is_told_by_name_or_by_content():
    assert sniff_format("a.htm", "plain words") == "html"
    assert sniff_format("a.txt", PAGE) == "html"
    assert sniff_format("a.txt", "---\ntitle: 标题\ndate: 2024-06-12\n---\n正文。\n") == "markdown"
    assert sniff_format("a.txt", "标题\n\n正文里提到 <b> 这样的标记。\n") == "text"


@pytest.mark.parametrize("title, expected", [
    ("南湾港二期码头今日开港_地方动态_中国政府网", "南湾港二期码头今日开港"),
    ("賴清德出席國防論壇 | 政治 | 中央社 CNA", "賴清德出席國防論壇"),
    ("Port opens second terminal - Reuters", "Port opens second terminal"),
    ("十年之后：一座港口和它的城市——深度报道", "十年之后：一座港口和它的城市"),
    ("没有站名的标题", "没有站名的标题"),
])
def test_a_page_title_loses_the_site_name_and_section(rules, title, expected):
    assert strip_site_suffix(title, rules.metadata) == expected


def test_a_markdown_export_gives_front_matter_fields_and_keeps_image_text_apart(tmp_path, rules):
    path = tmp_path / "export.md"
    path.write_text(textwrap.dedent("""\
        ---
        title: "屯門新碼頭啟用　貨櫃船首航"
        date: 2024-06-12T17:45:00+08:00
        author: 陳大文、李小明
        source: 香港01
        url: https://example.hk/article/1
        ---

        ![新碼頭的吊機（圖：資料圖片）](crane.jpg)

        屯門新碼頭周三正式啟用，首艘貨櫃船在早上靠泊，運輸及物流局官員出席儀式並為碼頭揭幕。

        當局表示，碼頭可以減少貨車穿梭市區的次數，並會與內地港口合作開設新航線，[詳情](https://example.hk/more)稍後公布。
        """), encoding="utf-8")
    capture = inspect_file(path, rules)
    article = capture["articles"][0]
    assert capture["format"] == "markdown"
    assert (article["title"], article["published"], article["authors"]) == (
        "屯門新碼頭啟用　貨櫃船首航", "2024-06-12", ["陳大文", "李小明"])
    assert article["provenance"]["published"] == "from front matter 'date'"
    assert [b["text"] for b in article["blocks"] if b["kind"] == "caption"] == ["新碼頭的吊機（圖：資料圖片）"]
    body = "\n".join(b["text"] for b in article["blocks"] if b["kind"] == "paragraph")
    assert "詳情稍後公布" in body and "](" not in body and "---" not in body


def test_a_misnamed_extractor_is_an_error_naming_the_rules_file_and_line(tmp_path):
    rules_dir = tmp_path / "rules"
    rules_dir.mkdir()
    for path in (ROOT / "rules").glob("*.yaml"):
        (rules_dir / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    text = (rules_dir / "metadata.yaml").read_text(encoding="utf-8")
    (rules_dir / "metadata.yaml").write_text(text.replace("extractor: trafilatura", "extractor: goose"),
                                             encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_rules(rules_dir)
    line = next(i for i, l in enumerate(text.splitlines(), 1) if l.strip().startswith("extractor:"))
    assert caught.value.line == line and "metadata.yaml" in str(caught.value) and "goose" not in str(caught.value)


def test_the_same_story_captured_twice_is_named_and_unrelated_stories_are_not(tmp_path, rules):
    from build_scripts.pipeline import parse_capture
    from build_scripts.metadata import Sidecar
    from build_scripts.segmenter import Overrides

    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    copy = PAGE.split('<div class="article">')[1].split("</div>")[0]
    (tmp_path / "copy.txt").write_text("中国政府网\n" + "\n".join(
        line.strip() for line in copy.replace("<p>", "").replace("</p>", "\n").splitlines()
        if not line.strip().startswith(("<figure", "<h1"))) .replace("&lt;", "<").replace("&gt;", ">"),
        encoding="utf-8")
    (tmp_path / "other.txt").write_text("另一条新闻\n\n新华社北京2月26日电 国家气象中心26日发布寒潮预警，"
                                        "预计未来三天北方大部地区气温下降八到十度，局地伴有大风和降雪天气。\n",
                                        encoding="utf-8")
    captures = [parse_capture(tmp_path / name, rules, sidecar=Sidecar(None, {}, Overrides()))
                for name in ("copy.txt", "other.txt", "page.html")]
    found = find_duplicates(captures)
    assert [(d.reason, [name for name, _ in d.articles]) for d in found] == [("same lead", ["copy.txt", "page.html"])]


def test_inspect_says_where_each_field_came_from(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "port.html").write_text(PAGE, encoding="utf-8")
    result = run_cli(["inspect", str(seeds / "port.html")], ROOT)
    assert result.returncode == 0, result.stderr
    assert "-- html capture" in result.stdout
    lines = [line.split() for line in result.stdout.splitlines()]
    assert ["published", "from", "html", "//meta[@name='firstpublishedtime']/@content"] in lines
    as_json = json.loads(run_cli(["inspect", "--json", str(seeds / "port.html")], ROOT).stdout)
    assert as_json["articles"][0]["provenance"]["lead"]
