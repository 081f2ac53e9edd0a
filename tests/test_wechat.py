"""A WeChat official-account article keeps its title, account, date and cover in its script's
variables (newsletter/links/wechat.py): the page as mp.weixin.qq.com serves it, its head with
no og: tags, an empty <title>, and `#publish_time` left for the script to fill."""

from __future__ import annotations

import json

from newsletter.links.extract import extract_metadata
from newsletter.links.wechat import wechat_tags

URL = "https://mp.weixin.qq.com/s/Vx3kQ9aBcD"


def article(head: str = "", title: str = "Vite 6 之后：前端构建工具的下一个十年") -> str:
    return f"""<!DOCTYPE html><html><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title></title>{head}
</head><body id="activity-detail" class="zh_CN wx_wap_page">
<h1 class="rich_media_title " id="activity-name">
            {title}
</h1>
<div id="meta_content" class="rich_media_meta_list">
<span class="rich_media_meta rich_media_meta_text">张三</span>
<span class="rich_media_meta rich_media_meta_nickname" id="profileBt"><a href="javascript:void(0);"
 id="js_name">
                        前端早读课
                      </a></span>
<em id="publish_time" class="rich_media_meta rich_media_meta_text"></em>
</div>
<div class="rich_media_content" id="js_content" style="visibility: hidden;">
<p>今天我们来聊聊 Environment API。</p></div>
<script type="text/javascript" nonce="1042">
var __biz = "MzA5NTM2MTEzNA==";
var msg_title = '{title}'.html(false);
var msg_desc = htmlDecode("从 Environment API 说起，聊聊 Rolldown \\x26amp; Oxc。");
var msg_cdn_url = "https://mmbiz.qpic.cn/mmbiz_jpg/Abc123/0?wx_fmt=jpeg";
var nickname = htmlDecode("前端早读课");
var ct = "1795739400";
var create_time = "1795739400" * 1;
</script></body></html>"""


def test_a_wechat_articles_account_date_and_cover_come_from_its_script():
    """Chen (new user 25) saved WeChat articles with `new`: each came without its account's name,
    its date and its cover, which the page says only in its script. 1795739400 is 08:30 on 27
    November 2026 in China, where the platform's readers read it."""
    meta = extract_metadata(article(), URL)
    assert meta.title == "Vite 6 之后：前端构建工具的下一个十年"
    assert meta.site_name == "前端早读课"
    assert meta.published == "2026-11-27T08:30:00+08:00"
    assert meta.image == "https://mmbiz.qpic.cn/mmbiz_jpg/Abc123/0?wx_fmt=jpeg"
    assert meta.description == "从 Environment API 说起，聊聊 Rolldown & Oxc。"  # \x26amp; is &amp;, is &


def test_a_wechat_articles_own_tags_come_first_and_a_bad_time_is_none():
    head = (
        '<meta property="og:title" content="标签里的标题"><meta property="og:site_name" content="前端早读课 · 公众号">'
    )
    meta = extract_metadata(article(head).replace('var ct = "1795739400"', 'var ct = ""'), URL)
    assert (meta.title, meta.site_name, meta.published) == ("标签里的标题", "前端早读课 · 公众号", None)


# The head mp.weixin.qq.com gives many articles: og: tags, the site named as the platform
# (微信公众平台), the description with the script's escapes left in it
PLATFORM_HEAD = (
    '<meta name="description" content="从 Environment API 说起，聊聊 Rolldown \\x26amp; Oxc。\\x0d\\x0a第二段">'
    '<meta property="og:title" content="Vite 6 之后：前端构建工具的下一个十年">'
    '<meta property="og:description" content="从 Environment API 说起，聊聊 Rolldown \\x26amp; Oxc。\\x0d\\x0a第二段">'
    '<meta property="og:site_name" content="微信公众平台"><meta property="og:type" content="article">'
    '<meta property="og:article:author" content="前端早读课">'
)


def test_an_article_whose_head_names_the_platform_is_its_accounts():
    """Where the article's head has og: tags, its og:site_name is the platform's name for every
    article, 微信公众平台, and its description holds the script's escapes as typed ('\\x0d\\x0a'):
    the head's came first, and every article was from 微信公众平台, described with backslashes.
    The account and the description are the script's; a name of the page's own still comes first."""
    meta = extract_metadata(article(PLATFORM_HEAD), URL)
    assert (meta.title, meta.site_name) == ("Vite 6 之后：前端构建工具的下一个十年", "前端早读课")
    assert meta.description == "从 Environment API 说起，聊聊 Rolldown & Oxc。"
    own = PLATFORM_HEAD.replace('content="微信公众平台"', 'content="前端早读课 · 公众号"')
    assert extract_metadata(article(own), URL).site_name == "前端早读课 · 公众号"


def test_a_page_that_only_quotes_the_variables_in_its_text_is_not_read_as_one():
    """A blog post about scraping WeChat quotes `var nickname = "…"` as text: only a script holds them."""
    page = (
        "<!DOCTYPE html><html><head><title>抓取公众号文章 | 我的博客</title></head><body><pre>"
        'var msg_title = \'示例\'.html(false); var nickname = htmlDecode("某公众号"); var ct = "1795739400";'
        "</pre></body></html>"
    )
    meta = extract_metadata(page, "https://blog.example.org/p/wechat")
    assert meta.site_name != "某公众号" and meta.published is None


def test_the_script_read_is_the_one_its_end_tag_closes():
    """The scripts are read by their end tags, one pass over the page: a pattern from each start
    tag to an end tag read the rest of the page again from each of a hostile page's thousands of
    unclosed <script>s (over two minutes for 1.6 MB). A start tag left open before the article's
    own script is not taken for it, and unclosed ones are no script."""
    page = article().replace('<script type="text/javascript" nonce="1042">', "<script async <script>", 1)
    assert extract_metadata(page, URL).site_name == "前端早读课"
    unclosed = article().replace("</script>", "") + "<script " * 20_000
    assert extract_metadata(unclosed, URL).site_name is None


def test_a_time_of_other_digits_than_asciis_is_no_date_and_the_rest_is_read():
    """'²' is a digit to Python's isdigit() and no number to int(): a page whose ct ended in one
    was not read at all (ValueError, its title and account lost with its date)."""
    for written in ("1795739400²", "\\u00b2", "１７９５７３９４００"):
        meta = extract_metadata(article().replace('var ct = "1795739400"', f'var ct = "{written}"'), URL)
        assert (meta.site_name, meta.published) == ("前端早读课", None), written


def test_the_scripts_escapes_are_read_as_javascript_reads_them():
    """WeChat's script writes an emoji as JavaScript does, two UTF-16 halves: read as two
    characters, which UTF-8 cannot write, a saved page's title lost its emoji ('周末读什么'). A
    line break written '\\n' is one, not an 'n' within a word."""
    page = article(title="周末读什么 \\ud83d\\udcda").replace("聊聊 Rolldown", "聊聊\\nRolldown")
    meta = extract_metadata(page, URL)
    assert meta.title == "周末读什么 📚" and meta.title.encode("utf-8")
    assert meta.description == "从 Environment API 说起，聊聊 Rolldown & Oxc。"
    assert wechat_tags(article(title="半个 \\ud83d 字"))["og:title"] == "半个 \ufffd 字"  # half of one


def test_a_pages_data_quoting_the_variables_is_not_read_as_an_article():
    """An article about WeChat's pages kept in its page's script data (Juejin's, Zhihu's column's,
    an anonymous Zhihu answer's JSON) quotes the variables in a string: the page was read as a
    WeChat article, its site the quoted account, its day and description the quoted ones."""
    code = "var msg_title = '示例'.html(false); var nickname = htmlDecode('某公众号'); var ct = '1795739400';"
    data = json.dumps({"article": {"content": f"<pre><code>{code}</code></pre>"}}, ensure_ascii=False)
    page = (
        "<!DOCTYPE html><html><head><title>如何抓取公众号文章 - 掘金</title></head><body>"
        f"<h1>如何抓取公众号文章</h1><script>window.__NUXT__={data}</script></body></html>"
    )
    meta = extract_metadata(page, "https://juejin.cn/post/7312345678901234567")
    assert (meta.site_name, meta.published) == (None, None)


def test_a_page_elsewhere_whose_script_writes_the_variables_is_not_read_as_wechats():
    """A blog's own script declaring `var msg_title` (a mirror of articles, a page of its own
    that names its variables so) was read as a WeChat article: its site the script's nickname
    and its day the script's ct. The variables are read on mp.weixin.qq.com only."""
    meta = extract_metadata(article(), "https://blog.example.org/2026/11/vite-6")
    assert meta.site_name != "前端早读课" and meta.published is None
    assert extract_metadata(article(), URL).site_name == "前端早读课"


VERIFY = """<!DOCTYPE html><html><head><meta charset="utf-8"><title></title>
<meta name="viewport" content="width=device-width,initial-scale=1,user-scalable=0"></head>
<body><div class="weui-msg"><div class="weui-msg__icon-area"><i class="weui-icon-warn weui-icon_msg"></i></div>
<div class="weui-msg__text-area"><h2 class="weui-msg__title">{heading}</h2>
<p class="weui-msg__desc">当前环境异常，完成验证后即可继续访问。</p></div>
<div class="weui-msg__opr-area"><p class="weui-btn-area">
<a href="javascript:;" class="weui-btn weui-btn_primary" id="js_verify">去验证</a></p></div></div>
<script type="text/javascript">var cgiData = {{"ret": -2}};</script></body></html>"""


def test_wechats_verification_page_is_no_title_but_a_wall():
    """WeChat answers a client it does not trust with 200 OK and a page headed 环境异常 ("unusual
    environment") or 访问过于频繁 ("too many visits"): that became the link's title in the
    edition. It is a wall, as a bot check is: the link has no title, and says it was stopped."""
    for heading in ("环境异常", "访问过于频繁，请用微信扫描二维码进行访问"):
        meta = extract_metadata(VERIFY.format(heading=heading), URL)
        assert meta.title is None and meta.extras == {"blocked": heading}
        assert extract_metadata(VERIFY.format(heading=heading).encode(), URL).title is None
    # an article about it, on WeChat or elsewhere, keeps its title
    about = article(title="环境异常怎么办？三步排查")
    assert extract_metadata(about, URL).title == "环境异常怎么办？三步排查"
    elsewhere = extract_metadata(VERIFY.format(heading="环境异常"), "https://blog.example.org/p/1")
    assert "blocked" not in elsewhere.extras
