"""A Bilibili video keeps its length in the state its page is rendered from
(`window.__INITIAL_STATE__`, newsletter/links/bilibili.py): the page as www.bilibili.com serves
it, whose itemprop tags say its title, uploader and day, and not how long it is."""

from __future__ import annotations

import json

from newsletter.links.extract import extract_metadata

URL = "https://www.bilibili.com/video/BV1xK4y1m7Ab/"
TITLE = "【JSConf China 2026】尤雨溪：Vite 与 VoidZero 的一年"
STATE = {
    "aid": 113456789012345,
    "bvid": "BV1xK4y1m7Ab",
    "p": 1,
    "episode": "",
    "videoData": {
        "bvid": "BV1xK4y1m7Ab",
        "aid": 113456789012345,
        "videos": 1,
        "tid": 231,
        "tname": "计算机技术",
        "copyright": 1,
        "pic": "http://i0.hdslb.com/bfs/archive/4f3c2b1a.jpg",
        "title": TITLE,
        "pubdate": 1795738800,  # 08:20 on 27 November 2026 in China, as the page shows it
        "ctime": 1795740000,
        "desc": "JSConf China 2026 主题演讲。",
        "duration": 2712,
        "owner": {"mid": 12345678, "name": "JSConf中国", "face": "https://i1.hdslb.com/bfs/face/a1.jpg"},
        "stat": {
            "aid": 113456789012345,
            "view": 48210,
            "danmaku": 312,
            "reply": 201,
            "favorite": 2890,
            "coin": 1502,
            "share": 340,
            "like": 4100,
        },
        "cid": 26543210987,
        "dimension": {"width": 1920, "height": 1080, "rotate": 0},
        "pages": [
            {
                "cid": 26543210987,
                "page": 1,
                "from": "vupload",
                "part": "JSConf China 2026 尤雨溪",
                "duration": 2712,
                "dimension": {"width": 1920, "height": 1080, "rotate": 0},
            }
        ],
    },
    "upData": {"mid": "12345678", "name": "JSConf中国", "fans": 52000},
    "tags": [{"tag_id": 1, "tag_name": "前端"}, {"tag_id": 2, "tag_name": "Vite"}],
}


def video_page(state=True):
    data = json.dumps(STATE, ensure_ascii=False, separators=(",", ":"))
    full = f"{TITLE}_哔哩哔哩_bilibili"
    return (
        '<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="UTF-8">'
        f'<title data-vue-meta="true">{full}</title>'
        f'<meta data-vue-meta="true" itemprop="name" name="title" content="{full}">'
        '<meta data-vue-meta="true" itemprop="description" name="description" content="JSConf China 2026 主题演讲。,'
        " 视频播放量 48210、弹幕量 312、点赞数 4100、投硬币枚数 1502、收藏人数 2890、转发人数 340, 视频作者 JSConf中国,"
        ' 相关视频：…">'
        '<meta data-vue-meta="true" itemprop="keywords" name="keywords" content="前端,Vite,B站,弹幕">'
        '<meta data-vue-meta="true" itemprop="author" name="author" content="JSConf中国">'
        '<meta data-vue-meta="true" itemprop="url"'
        ' content="https://www.bilibili.com/video/BV1xK4y1m7Ab/">'
        '<meta data-vue-meta="true" itemprop="image"'
        ' content="//i0.hdslb.com/bfs/archive/4f3c2b1a.jpg@100w_100h_1c.png">'
        '<meta data-vue-meta="true" itemprop="thumbnailUrl"'
        ' content="//i0.hdslb.com/bfs/archive/4f3c2b1a.jpg@100w_100h_1c.png">'
        '<meta data-vue-meta="true" itemprop="uploadDate" content="2026-11-27 08:20:00">'
        '<meta data-vue-meta="true" itemprop="datePublished" content="2026-11-27 08:20:00">'
        f'<meta data-vue-meta="true" property="og:title" content="{full}">'
        '<meta data-vue-meta="true" property="og:type" content="video">'
        '<meta data-vue-meta="true" property="og:url"'
        ' content="https://www.bilibili.com/video/BV1xK4y1m7Ab/">'
        '<meta data-vue-meta="true" property="og:image" content="http://i0.hdslb.com/bfs/archive/4f3c2b1a.jpg">'
        '</head><body><div id="app"><div class="video-container-v1">'
        '<div id="viewbox_report" class="video-info-v1">'
        f'<h1 title="{TITLE}" class="video-title">{TITLE}</h1>'
        '<div class="video-info-detail"><span class="pubdate-text">2026-11-27 08:20:00</span></div></div>'
        '<div class="up-info-container">'
        '<a href="//space.bilibili.com/12345678" class="up-name">JSConf中国</a></div>'
        '<div class="bpx-player-ctrl-time">'
        '<span class="bpx-player-ctrl-time-duration">45:12</span></div></div></div>'
        + (
            f"<script>window.__INITIAL_STATE__={data};(function(){{var s;(s=document.currentScript"
            "||document.scripts[document.scripts.length-1]).parentNode.removeChild(s);}());</script>"
            if state
            else ""
        )
        + "</body></html>"
    )


def test_a_bilibili_videos_length_is_read():
    """Chen (new user 25) saved JSConf talks from Bilibili with `new`: each came without its
    length, which the email shows beside a talk ("45 min") and `new` writes as `duration:`."""
    meta = extract_metadata(video_page(), URL)
    assert meta.title == TITLE and meta.kind == "video"
    assert meta.duration == 2712  # 45:12, as the player shows it
    assert extract_metadata(video_page().encode(), URL).duration == 2712
    assert extract_metadata(video_page(state=False), URL).duration is None


def test_a_part_of_a_video_in_parts_is_as_long_as_that_part():
    """A video in several parts is as long as its parts; a link to its second part (?p=2), that part."""
    parts = [
        {"cid": 1, "page": 1, "part": "上", "duration": 1500},
        {"cid": 2, "page": 2, "part": "下", "duration": 1212},
    ]
    STATE["videoData"] |= {"videos": 2, "pages": parts}
    try:
        assert extract_metadata(video_page(), URL).duration == 2712
        assert extract_metadata(video_page(), URL + "?p=2").duration == 1212
        # a part's number in other digits than ASCII's ('²' is one to isdigit(), none to int()) names none
        assert extract_metadata(video_page(), URL + "?p=%C2%B2").duration == 2712
    finally:
        STATE["videoData"] |= {"videos": 1, "pages": parts[:1]}


def test_damaged_state_and_another_sites_page_are_no_length():
    whole = video_page()
    cut = whole.replace('"duration":2712,"owner"', '"duration":2712,"owner', 1)
    deep = whole.replace('"tags":', '"x":' + "[" * 100_000 + "]" * 100_000 + ',"tags":', 1)
    for page in (cut, deep, whole.replace('"duration":2712', '"duration":"2712"'), whole[: whole.index('"stat"')]):
        assert extract_metadata(page, URL).duration is None
    assert extract_metadata(whole, "https://blog.example.org/bilibili-scraping").duration is None


def test_a_description_saying_the_states_name_leaves_the_state_read():
    """A video about reading Bilibili's pages says 'window.__INITIAL_STATE__=' in its description,
    which its head's <meta name="description"> holds before the script: the words were taken for
    the statement, read as no JSON, and the video came without its length."""
    said = "JSConf China 2026 主题演讲。"
    page = video_page().replace(said, "解析 window.__INITIAL_STATE__= 里的数据。", 1)
    assert page.index("__INITIAL_STATE__= 里") < page.index("<script>window.__INITIAL_STATE__={")
    assert extract_metadata(page, URL).duration == 2712


def test_a_bilibili_videos_day_is_told_in_chinas_time_and_its_uploader_is_its_channel():
    """The head's day, "2026-11-27 08:20:00", is China's clock with no zone said, and was kept so,
    a time of no place; videoData's pubdate is the moment. A page whose head has no og:type (as
    a part of Bilibili's pages serve) named its uploader JSConf中国 as the video's author, so
    `new talk` wrote it as the talk's speaker: the state says it is a video, uploaded by a channel."""
    meta = extract_metadata(video_page(), URL)
    assert meta.published == "2026-11-27T08:20:00+08:00"
    assert (meta.authors, meta.extras["channel"]) == ([], "JSConf中国")
    untyped = video_page().replace('<meta data-vue-meta="true" property="og:type" content="video">', "")
    meta = extract_metadata(untyped, URL)
    assert (meta.kind, meta.authors, meta.extras.get("channel")) == ("video", [], "JSConf中国")
    assert extract_metadata(video_page(state=False), URL).published == "2026-11-27T08:20:00"  # as the head says
    bare = untyped.replace('<meta data-vue-meta="true" itemprop="author" name="author" content="JSConf中国">', "")
    meta = extract_metadata(bare, URL)  # a head naming no uploader: the state's owner, as the channel
    assert (meta.kind, meta.authors, meta.extras.get("channel")) == ("video", [], "JSConf中国")
