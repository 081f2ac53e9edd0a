"""The preheader, the text an inbox shows under the subject, cut to 140 characters as a reader
would cut it: at a word, or in a language written without spaces between two characters as
they are drawn; never after the " · " between two titles; marked with "…".

Jinja's `truncate(140)` ended a Thai edition's "…แบบมีโครงสร้าง ·..." and a Hebrew one's
"…הנתונים ·...": the separator left dangling, and ASCII "..." in every language."""

import unicodedata

import pytest

from newsletter.build import build
from newsletter.formats.inbox_preview import cut
from newsletter.resources import default_templates

# Each edition's titles, joined by " · ", run past 140 characters.
TITLES = {
    "en": [
        "Why the borrow checker rejects this perfectly reasonable program",
        "A gentle introduction to structured concurrency in Python",
        "What I learned from reading the SQLite source code",
    ],
    "fr": [
        "Pourquoi le vérificateur d’emprunts refuse ce programme parfaitement raisonnable",
        "Une introduction en douceur à la concurrence structurée",
        "Ce que j’ai appris en lisant le code source de SQLite",
    ],
    "ja": [
        "なぜ借用チェッカーはこの完全に妥当なプログラムを拒否するのか",
        "構造化並行性へのやさしい入門：Pythonでの実践と落とし穴について",
        "SQLiteのソースコードを読んで学んだこと、そしてその設計思想について考える",
        "UNIXシェルの歴史についてのノートと、もう一つの長い記事",
    ],
    "zh": [
        "为什么借用检查器会拒绝这个完全合理的程序以及我们应该如何理解它",
        "结构化并发的温和入门在实践中的陷阱与经验",
        "阅读源代码学到的东西以及对其设计理念的深入思考和一些个人的看法与总结",
        "关于历史的笔记以及另一篇很长的文章标题用来填满预览行",
        "为什么我们在周末重新阅读了这本关于编译器设计的经典教材",
    ],
    "th": [
        "ทำไมตัวตรวจสอบการยืมจึงปฏิเสธโปรแกรมที่สมเหตุสมผลนี้",
        "บทนำอย่างอ่อนโยนสู่การทำงานพร้อมกันแบบมีโครงสร้าง",
        "สิ่งที่ฉันเรียนรู้จากการอ่านซอร์สโค้ดของ SQLite และการออกแบบ",
    ],
    "ar": [
        "لماذا يرفض مدقق الاستعارة هذا البرنامج المعقول تماما",
        "مقدمة لطيفة إلى التزامن المنظم في بايثون",
        "ما تعلمته من قراءة الشيفرة المصدرية لقاعدة البيانات",
        "ملاحظات حول تاريخ صدفة يونكس",
    ],
    "he": [
        "מדוע בודק ההשאלה דוחה את התוכנית הסבירה לחלוטין הזאת",
        "מבוא עדין למקביליות מובנית בפייתון",
        "מה למדתי מקריאת קוד המקור של מסד הנתונים",
        "הערות על ההיסטוריה של מעטפת יוניקס",
    ],
}
UNSPACED = ("ja", "zh", "th")  # a cut between two characters there, not at the last space
SEPARATORS = " \u00a0·|-–—:;,、，："


def edition(root, language: str, titles: list[str]) -> str:
    """The preheader of a real build of February 2021 with `titles`, in `language`."""
    (root / "entries/2021/02").mkdir(parents=True)
    (root / "newsletter.toml").write_text(f'[newsletter]\nname = "N"\nlanguage = "{language}"\n', encoding="utf-8")
    for n, title in enumerate(titles, start=1):
        (root / f"entries/2021/02/e{n}.md").write_text(
            f'---\ntype: article\nurl: https://example.com/{n}\ndate: 2021-02-0{n}\ntitle: "{title}"\n---\nNotes.\n',
            encoding="utf-8",
        )
    html = build(root, "2021-02", offline=True).outputs.html
    from selectolax.lexbor import LexborHTMLParser

    body = LexborHTMLParser(html).body
    hidden = next(node for node in body.iter() if node.tag != "-text")
    return hidden.text().split("\u034f")[0]  # the characters that fill the rest of the preview follow


@pytest.mark.parametrize("language", TITLES)
def test_the_preheader_is_cut_at_a_word_or_between_letters_and_ends_with_an_ellipsis(tmp_path, language):
    whole = " · ".join(TITLES[language])
    shown = edition(tmp_path, language, TITLES[language])
    assert shown.endswith("…") and len(shown) <= 140, shown
    kept = shown[:-1]
    assert whole.startswith(kept) and kept[-1] not in SEPARATORS, shown
    assert len(kept) >= 100, shown  # most of the line used: no title dropped whole for want of a space
    following = whole[len(kept)]
    if language in UNSPACED:
        assert unicodedata.category(following)[0] != "M", shown  # a letter kept with its marks
    else:
        assert following == " ", shown  # at a word


def test_a_workspace_template_that_truncates_the_preheader_still_builds(tmp_path):
    """A copy of the template made before: it calls Jinja's `truncate`, which is still there."""
    (tmp_path / "templates").mkdir()
    template = (default_templates() / "email.mjml.j2").read_text()
    assert "| inbox_cut(140)" in template
    (tmp_path / "templates/email.mjml.j2").write_text(template.replace("| inbox_cut(140)", "| truncate(140)"))
    assert edition(tmp_path, "en", TITLES["en"]).endswith("...")


# Clusters a cut must not part: a Thai consonant and its vowel and tone marks (and the vowel
# written before it), a Hindi conjunct, an accent typed as a combining mark, an emoji family
# joined by ZWJ, a skin tone, a flag (two regional indicators).
CLUSTERS = [
    "เกี่ยวกับน้ำใจของคนไทยที่ไม่เคยเปลี่ยนแปลง",
    "स्वतंत्रता और क्षत्रिय",
    "Cafe\u0301 de\u0301ja\u0300 vu",
    "👨\u200d👩\u200d👧\u200d👦👍🏽🇹🇭🇯🇵",
]


@pytest.mark.parametrize("text", CLUSTERS, ids=["thai", "hindi", "combining-accents", "emoji"])
def test_no_cut_parts_a_letter_from_its_marks(text):
    long = text.replace(" ", "") * 12  # no space at all: cut between characters
    for length in range(20, 141):
        shown = cut(long, length)
        kept = shown[:-1]
        assert len(shown) <= length and shown.endswith("…") and long.startswith(kept)
        following, last = long[len(kept)], kept[-1]
        assert unicodedata.category(following)[0] != "M" and following not in "\u200d\U0001f3fd", (length, shown)
        assert last not in "\u200dเแโใไ" and unicodedata.combining(last) != 9, (length, shown)  # virama
        assert sum(0x1F1E6 <= ord(c) <= 0x1F1FF for c in kept) % 2 == 0, (length, shown)  # whole flags


def test_a_short_preheader_is_kept_whole_and_a_cut_never_ends_on_a_separator():
    assert cut("Packaging, MLOps and making fancy models") == "Packaging, MLOps and making fancy models"
    assert cut("a" * 140) == "a" * 140
    assert cut("Tools · " + "b" * 200, 40) == "Tools…"
    assert cut("b" * 200, 40) == "b" * 39 + "…"  # a word longer than the line is cut in it
    assert cut("Why X | Linguistics blog (the second part of it)", 22) == "Why X | Linguistics…"
    assert cut("Why X | Linguistics blog (the second part of it)", 28) == "Why X | Linguistics blog…"
    assert cut("Why X | Linguistics blog (the second part of it)", 10) == "Why X…"
