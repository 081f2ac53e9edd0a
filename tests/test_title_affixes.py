"""Site and section names after a title that the plain " | Site" rule does not see
(newsletter/links/title_affixes.py), with the heads of real pages."""

from __future__ import annotations

import pytest

from newsletter.links.extract import extract_metadata


def page(head: str) -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body><p>Text.</p></body></html>"


# Tencent, China Youth Net, Guangming Daily, Qdaily, Baidu Baike: "Title_Section_Site", the
# names unspaced after CJK text, sometimes spaced before the underscore.
@pytest.mark.parametrize(
    "title, want",
    [
        (
            "DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶_科技_腾讯网",
            "DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶",
        ),
        ("海外留学生看两会：出国前后关注点大不同_教育频道_中国青年网", "海外留学生看两会：出国前后关注点大不同"),
        ("宇航员在太空中喝酒会怎么样？后果很严重 _探索者 _光明网", "宇航员在太空中喝酒会怎么样？后果很严重"),
        ("蔡健雅_百度百科", "蔡健雅"),  # one part, saying it is a site ("encyclopedia")
        (
            "这个约会软件，想用你和对方的相似好恶来帮你找对象_智能_好奇心日报",
            "这个约会软件，想用你和对方的相似好恶来帮你找对象",
        ),
    ],
)
def test_a_chinese_titles_section_and_site_after_underscores_go(title, want):
    assert extract_metadata(page(f"<title>{title}</title>"), "https://news.example.cn/a/20160101/1.htm").title == want


# Bilibili: every video's <title> and og:title end "_哔哩哔哩_bilibili", the chain's last name in
# Latin letters, which kept the whole chain in Chen's (new user 25) entries and email.
def test_a_chinese_titles_chain_ending_in_the_sites_latin_name_goes():
    title = "【JSConf China 2026】尤雨溪：Vite 与 VoidZero 的一年_哔哩哔哩_bilibili"
    head = f'<title>{title}</title><meta property="og:title" content="{title}">'
    got = extract_metadata(page(head), "https://www.bilibili.com/video/BV1xK4y1m7Ab/").title
    assert got == "【JSConf China 2026】尤雨溪：Vite 与 VoidZero 的一年"
    # a Latin last part that is not the site's name is the title's: "东京_Tokyo" at another host
    assert extract_metadata(page("<title>东京_Tokyo</title>"), "https://blog.example.org/p/1").title == "东京_Tokyo"


# Underscores in Latin text, or before a phrase, are the title's own.
# One short CJK part after an underscore is a site only where it names the site.
@pytest.mark.parametrize(
    "title",
    ["Using snake_case_names in Python", "新竹尖石_美樹營地賞楓 (2) @ 史蒂文的家", "东京_大阪", "我的日记_第一天"],
)
def test_a_titles_own_underscores_stay(title):
    assert extract_metadata(page(f"<title>{title}</title>"), "https://blog.example.org/p/1").title == title


# BBC Chinese: the site's edition, "BBC中文网" at bbc.com (application-name "BBC"), then the section.
def test_a_sites_edition_and_its_section_after_the_title_go():
    head = (
        "<title>港特首梁振英就住宅违建事件道歉 - BBC中文网 - 两岸三地</title>"
        '<meta name="application-name" content="BBC"/>'
    )
    url = "https://www.bbc.co.uk/zhongwen/simp/chinese_news/2012/12/121210_hk_cy.shtml"
    assert extract_metadata(page(head), url).title == "港特首梁振英就住宅违建事件道歉"


# Mynavi's TECH+: og:site_name "TECH+", titles ending with its reading in brackets.
def test_a_site_name_with_its_reading_in_brackets_goes():
    head = '<title>AIで変わる開発の現場 | TECH+（テックプラス）</title><meta property="og:site_name" content="TECH+">'
    assert (
        extract_metadata(page(head), "https://news.mynavi.jp/techplus/article/20240101-1/").title
        == "AIで変わる開発の現場"
    )


# Factorio: og:site_name "Factorio.com", titles "... | Factorio", read from another address.
def test_a_site_named_as_its_address_is_cut_by_its_name_too():
    head = (
        "<title>Friday Facts #282 - 0.17 in sight | Factorio</title>"
        '<meta property="og:site_name" content="Factorio.com">'
    )
    assert (
        extract_metadata(page(head), "https://mirror.example.org/blog/post/fff-282").title
        == "Friday Facts #282 - 0.17 in sight"
    )


# A last part that merely starts with the site's name is a word of the title ("Vox" and "Voxel").
def test_a_word_starting_with_the_sites_name_stays():
    head = '<title>Minecraft at scale - Voxel</title><meta property="og:site_name" content="Vox">'
    assert extract_metadata(page(head), "https://www.vox.com/2024/1/1/voxel").title == "Minecraft at scale - Voxel"


# PeerTube (Framatube): og:title "Talk — Event 2026", og:site_name "Framatube", the video's
# name in an <h1> without the event. The event is the title's, not a site name to cut; where
# the page names no site, a short affix the <h1> leaves out still goes ("Post | A blog").
@pytest.mark.parametrize(
    "site, want",
    [
        ('<meta property="og:site_name" content="Framatube">', "Logiciels libres à l'école — Journées du Libre 2026"),
        ("", "Logiciels libres à l'école"),
    ],
)
def test_an_affix_that_is_not_the_named_site_stays_in_the_title(site, want):
    html = (
        "<!DOCTYPE html><html><head><title>Logiciels libres à l'école — Journées du Libre 2026</title>"
        f'<meta property="og:title" content="Logiciels libres à l&#39;école — Journées du Libre 2026">{site}'
        "</head><body><h1>Logiciels libres à l'école</h1><p>Text.</p></body></html>"
    )
    assert extract_metadata(html, "https://framatube.org/w/8fKq2c1ZtYq1").title == want
