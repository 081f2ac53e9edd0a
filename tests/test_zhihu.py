"""A Zhihu answer keeps its author and times in the JSON its page is rendered from
(`<script id="js-initialData">`, newsletter/links/zhihu.py) and in the schema.org Answer its
Question holds (microdata): the page as www.zhihu.com serves it, whose head names only the
question and the site."""

from __future__ import annotations

import json

import pytest

from newsletter.links.extract import extract_metadata

ANSWER_URL = "https://www.zhihu.com/question/661234567/answer/3712345678"
INITIAL = {
    "initialState": {
        "common": {"ask": {}},
        "entities": {
            "users": {"li-ming-fe": {"id": "5f2c", "urlToken": "li-ming-fe", "name": "李明", "headline": "前端工程师"}},
            "questions": {
                "661234567": {
                    "type": "question",
                    "id": 661234567,
                    "title": "如何评价 Vite 6？",
                    "created": 1732600000,
                    "answerCount": 87,
                }
            },
            "answers": {
                "3712345678": {
                    "id": "3712345678",
                    "type": "answer",
                    "answerType": "normal",
                    "question": {
                        "type": "question",
                        "id": "661234567",
                        "title": "如何评价 Vite 6？",
                        "questionType": "normal",
                    },
                    "author": {
                        "id": "5f2c",
                        "urlToken": "li-ming-fe",
                        "name": "李明",
                        "avatarUrl": "https://picx.zhimg.com/v2-aa_l.jpg",
                        "isOrg": False,
                        "type": "people",
                        "headline": "前端工程师",
                    },
                    "url": "https://api.zhihu.com/answers/3712345678",
                    "thumbnail": "",
                    "createdTime": 1732669323,
                    "updatedTime": 1732770367,
                    "content": "<p>Environment API 是这次最大的变化。</p>",
                    "voteupCount": 321,
                    "commentCount": 45,
                },
                "3712000001": {
                    "id": "3712000001",
                    "type": "answer",
                    "author": {"id": "0", "urlToken": "", "name": "匿名用户", "type": "people"},
                    "createdTime": 1732000000,
                    "updatedTime": 1732000000,
                    "content": "<p>另一个回答</p>",
                },
            },
        },
    },
    "subAppName": "main",
}


def answer_page(script=True, micro=True):
    data = json.dumps(INITIAL, ensure_ascii=False)
    micro_answer = (
        (
            '<div class="ContentItem AnswerItem" data-za-index="0" name="3712345678" itemProp="suggestedAnswer"'
            ' itemType="http://schema.org/Answer" itemscope="">'
            '<div class="ContentItem-meta">'
            '<div class="AuthorInfo AnswerItem-authorInfo AnswerItem-authorInfo--related" itemProp="author"'
            ' itemscope="" itemType="http://schema.org/Person">'
            '<div class="AuthorInfo"><meta itemProp="name" content="李明"/><meta itemProp="image"'
            ' content="https://picx.zhimg.com/v2-aa_l.jpg"/>'
            '<meta itemProp="url" content="https://www.zhihu.com/people/li-ming-fe"/>'
            '<meta itemProp="zhihu:followerCount" content="1234"/>'
            '<span class="UserLink AuthorInfo-avatarWrapper"><a class="UserLink-link"'
            ' href="//www.zhihu.com/people/li-ming-fe"><img class="Avatar AuthorInfo-avatar"'
            ' src="https://picx.zhimg.com/v2-aa_xs.jpg" alt="李明"/></a></span>'
            '<div class="AuthorInfo-content"><div class="AuthorInfo-head"><span class="UserLink AuthorInfo-name">'
            '<a class="UserLink-link" href="//www.zhihu.com/people/li-ming-fe">李明</a></span></div>'
            '<div class="AuthorInfo-detail"><div class="AuthorInfo-badge">'
            '<div class="ztext AuthorInfo-badgeText">前端工程师</div></div></div></div></div></div></div>'
            '<meta itemProp="image"/><meta itemProp="upvoteCount" content="321"/><meta itemProp="url"'
            ' content="https://www.zhihu.com/question/661234567/answer/3712345678"/>'
            '<meta itemProp="dateCreated" content="2024-11-27T01:02:03.000Z"/><meta itemProp="dateModified"'
            ' content="2024-11-28T05:06:07.000Z"/><meta itemProp="commentCount" content="45"/>'
            '<div class="RichContent RichContent--unescapable">'
            '<span class="RichText ztext CopyrightRichText-richText" itemProp="text">'
            "<p>Environment API 是这次最大的变化。</p>"
            "</span>"
            '<div class="ContentItem-time"><a target="_blank" href="/question/661234567/answer/3712345678">'
            '<span data-tooltip="发布于 2024-11-27 09:02">编辑于 2024-11-28 13:06</span></a></div></div></div>'
        )
        if micro
        else '<div class="ContentItem AnswerItem"><div class="RichContent"><span class="RichText ztext">'
        "<p>Environment API 是这次最大的变化。</p></span></div></div>"
    )
    return (
        '<!doctype html>\n<html lang="zh" data-hairline="true" data-theme="light"><head><meta charSet="utf-8"/>'
        '<title data-rh="true">如何评价 Vite 6？ - 知乎</title>'
        '<meta name="viewport" content="width=device-width,initial-scale=1,maximum-scale=1"/>'
        '<meta data-rh="true" name="keywords" content="前端开发,Vite"/>'
        '<meta data-rh="true" name="description" content="Environment API 是这次最大的变化。"/>'
        '<meta data-rh="true" property="og:title" content="如何评价 Vite 6？"/>'
        '<meta data-rh="true" property="og:url" content="https://www.zhihu.com/question/661234567/answer/3712345678"/>'
        '<meta data-rh="true" property="og:image"'
        ' content="https://static.zhihu.com/heifetz/assets/apple-touch-icon-152.81060cab.png"/>'
        '<meta data-rh="true" property="og:type" content="article"/>'
        '<meta data-rh="true" property="og:site_name" content="知乎"/>'
        '</head><body><div id="root"><div><main role="main" class="App-main">'
        '<div class="QuestionPage" itemscope="" itemType="http://schema.org/Question">'
        '<meta itemProp="name" content="如何评价 Vite 6？"/><meta itemProp="url"'
        ' content="https://www.zhihu.com/question/661234567"/>'
        '<meta itemProp="keywords" content="前端开发,Vite"/><meta itemProp="answerCount" content="87"/>'
        '<meta itemProp="commentCount" content="12"/>'
        '<meta itemProp="dateCreated" content="2024-11-26T06:13:20.000Z"/><meta itemProp="dateModified"'
        ' content="2024-11-26T08:00:00.000Z"/>'
        '<meta itemProp="zhihu:visitsCount"/><meta itemProp="zhihu:followerCount" content="900"/>'
        '<div class="QuestionHeader"><h1 class="QuestionHeader-title">如何评价 Vite 6？</h1></div>'
        '<div class="Question-main"><div class="Card AnswerCard"><div class="QuestionAnswer-content" tabindex="0">'
        + micro_answer
        + "</div></div></div></div></main></div></div>"
        + (f'<script id="js-initialData" type="text/json">{data}</script>' if script else "")
        + '<script src="https://static.zhihu.com/heifetz/main.app.js" crossorigin=""></script></body></html>'
    )


def test_a_zhihu_answers_author_and_date_are_read():
    """Chen (new user 25) saved Zhihu answers with `new`: each came without its author, and
    dated by the 'edited' day the page shows (编辑于 2024-11-28), a day after it was written.
    1732669323 is 09:02 on 27 November 2024 in China, where its readers read it."""
    meta = extract_metadata(answer_page(), ANSWER_URL)
    assert (meta.title, meta.site_name) == ("如何评价 Vite 6？", "知乎")
    assert meta.authors == ["李明"]
    assert meta.published == "2024-11-27T09:02:03+08:00"


def test_either_source_alone_names_the_answers_author_and_day():
    """The page's data alone (its microdata left out), and its schema.org Answer alone (a page
    served without the script): the Answer is the one whose url is the page's."""
    script_only = extract_metadata(answer_page(micro=False), ANSWER_URL)
    assert (script_only.authors, script_only.published) == (["李明"], "2024-11-27T09:02:03+08:00")
    micro_only = extract_metadata(answer_page(script=False).encode(), ANSWER_URL + "?utm_psn=1")
    assert micro_only.authors == ["李明"] and micro_only.published.startswith("2024-11-27")


def test_a_question_an_anonymous_answer_and_another_site_name_no_one():
    """A question's page lists many answers, none of them its own; an anonymous answer's author
    is 匿名用户, "anonymous user"; a page elsewhere holding such data is not Zhihu's."""
    question = extract_metadata(answer_page(), "https://www.zhihu.com/question/661234567")
    assert question.authors == [] and question.published != "2024-11-27T09:02:03+08:00"
    anonymous = extract_metadata(answer_page(), "https://www.zhihu.com/question/661234567/answer/3712000001")
    assert anonymous.authors == [] and anonymous.published == "2024-11-19T15:06:40+08:00"
    elsewhere = extract_metadata(answer_page(), "https://blog.example.org/question/661234567/answer/3712345678")
    assert elsewhere.published != "2024-11-27T09:02:03+08:00"


def test_an_answer_dated_at_the_unix_clocks_start_has_no_date():
    """An answer whose data says createdTime 1 (and updatedTime 1) was dated 1970-01-01 08:00:01
    in China: a placeholder, never the day it was written, and no date is better than that one."""
    answer = INITIAL["initialState"]["entities"]["answers"]["3712345678"]
    times = answer["createdTime"], answer["updatedTime"]
    answer["createdTime"] = answer["updatedTime"] = 1
    try:
        meta = extract_metadata(answer_page(micro=False), ANSWER_URL)
    finally:
        answer["createdTime"], answer["updatedTime"] = times
    assert meta.authors == ["李明"] and meta.published is None


def test_damaged_data_is_no_data():
    cut = answer_page(micro=False).replace('"subAppName"', '"subAppName', 1)
    deep = answer_page(micro=False).replace('"subAppName": "main"', '"x": ' + "[" * 100_000 + "]" * 100_000, 1)
    for page in (cut, deep, answer_page(micro=False).replace("</script>", "", 1)):
        meta = extract_metadata(page, ANSWER_URL)
        assert meta.authors == [] and meta.title == "如何评价 Vite 6？"


def test_an_answer_quoting_wechats_variables_is_still_read_as_zhihus():
    """An answer about scraping WeChat quotes its script's variables, and the page's data holds
    the answer's text: the WeChat reader found them there, and the answer's own were not read."""
    answer = INITIAL["initialState"]["entities"]["answers"]["3712345678"]
    written = answer["content"]
    answer["content"] = "<pre><code>var msg_title = '示例'.html(false); var ct = '1795739400';</code></pre>"
    try:
        meta = extract_metadata(answer_page(micro=False), ANSWER_URL)
    finally:
        answer["content"] = written
    assert (meta.authors, meta.published) == (["李明"], "2024-11-27T09:02:03+08:00")


def test_a_question_page_whose_answers_are_places_in_it_keeps_its_askers_author_and_day():
    """Google's QAPage example gives each answer the question's address and a place in the page
    ('question1#acceptedAnswer'): the question's page was read as its accepted answer's, by
    another author on another day."""
    answer = (
        '<div itemprop="acceptedAnswer" itemscope itemtype="https://schema.org/Answer"><div itemprop="text">'
        '8 fluid ounces.</div><a itemprop="url" href="https://cooking.example.com/question1#acceptedAnswer">link</a>'
        '<time itemprop="dateCreated" datetime="2024-01-03T09:00Z">2024</time><div itemprop="author" itemscope '
        'itemtype="https://schema.org/Person"><span itemprop="name">Julius Fernandez</span></div></div>'
    )
    page = (
        '<html><head><title>Ounces in a cup</title></head><body itemscope itemtype="https://schema.org/QAPage">'
        '<div itemprop="mainEntity" itemscope itemtype="https://schema.org/Question">'
        '<h1 itemprop="name">How many ounces are there in a cup of water?</h1>'
        '<time itemprop="dateCreated" datetime="2019-11-02T21:23Z">2019</time>'
        f"{answer}</div></body></html>"
    )
    question = extract_metadata(page, "https://cooking.example.com/question1")
    assert (question.authors, question.published[:10]) == ([], "2019-11-02")
    # a question naming its own address is its page, whatever address its answer gives
    own = page.replace("#acceptedAnswer", "").replace(
        '<h1 itemprop="name">', '<link itemprop="url" href="https://cooking.example.com/question1"><h1 itemprop="name">'
    )
    question = extract_metadata(own, "https://cooking.example.com/question1")
    assert (question.authors, question.published[:10]) == ([], "2019-11-02")


COLUMN_URL = "https://zhuanlan.zhihu.com/p/9876543210"
COLUMN = {
    "initialState": {
        "entities": {
            "users": {"wang-fang": {"urlToken": "wang-fang", "name": "王芳"}},
            "articles": {
                "9876543210": {
                    "id": 9876543210,
                    "type": "article",
                    "title": "Rust 异步运行时的取舍",
                    "author": {"id": "7a1b", "urlToken": "wang-fang", "name": "王芳", "type": "people"},
                    "created": 1732669323,
                    "updated": 1732770367,
                    "column": {"id": "c_123", "title": "系统编程手记"},
                    "content": "<p>Tokio 与 smol。</p>",
                }
            },
        }
    },
    "subAppName": "column",
}


def column_page():
    return (
        '<!doctype html><html lang="zh"><head><meta charSet="utf-8"/>'
        '<title data-rh="true">Rust 异步运行时的取舍 - 知乎</title>'
        '<meta data-rh="true" property="og:title" content="Rust 异步运行时的取舍"/>'
        '<meta data-rh="true" property="og:type" content="article"/>'
        '<meta data-rh="true" property="og:site_name" content="知乎专栏"/>'
        '</head><body><div id="root"><article class="Post-Main"><h1 class="Post-Title">Rust 异步运行时的取舍</h1>'
        '<div class="Post-RichText"><p>Tokio 与 smol。</p></div>'
        '<div class="ContentItem-time">编辑于 2024-11-28 13:06</div></article></div>'
        f'<script id="js-initialData" type="text/json">{json.dumps(COLUMN, ensure_ascii=False)}</script>'
        "</body></html>"
    )


def test_a_zhihu_column_articles_author_and_date_are_read():
    """Chen saved a Zhihu column article (zhuanlan.zhihu.com/p/…) with `new`: it came without its
    author, dated by the 'edited' day it shows, as answers did before: an article's author and
    times are in the page's data too, under the article's id (created, updated)."""
    meta = extract_metadata(column_page(), COLUMN_URL)
    assert meta.authors == ["王芳"] and meta.published == "2024-11-27T09:02:03+08:00"
    elsewhere = extract_metadata(column_page(), "https://www.zhihu.com/p/9876543210")  # not a column's
    assert meta.title == elsewhere.title and elsewhere.authors == []


def test_an_answers_microdata_time_is_chinas():
    """A page served without its data dated an answer written at 07:30 in China by its microdata's
    UTC, '2024-11-26T23:30:00.000Z', a day early for its readers (also with no Z written)."""
    for written in ("2024-11-26T23:30:00.000Z", "2024-11-26T23:30:00"):
        page = answer_page(script=False).replace("2024-11-27T01:02:03.000Z", written)
        meta = extract_metadata(page, ANSWER_URL)
        assert meta.published == "2024-11-27T07:30:00+08:00", written


@pytest.mark.parametrize("written", ["9999-12-31T23:30:00.000Z", "9999-12-31T23:30:00", "0001-01-01T00:00:00+14:00"])
def test_an_answers_microdata_time_past_the_calendars_end_in_china_is_no_date(written):
    """An answer's page whose microdata time is the calendar's last hours in UTC (or its first,
    written fourteen hours ahead) ended `meta` and the link's lookup in an OverflowError: told
    in China's time, eight hours on, it is past the last day there is. It dates nothing: the
    day the page shows ("编辑于 2024-11-28") does."""
    page = answer_page(script=False).replace("2024-11-27T01:02:03.000Z", written)
    assert extract_metadata(page, ANSWER_URL).published == "2024-11-28"
