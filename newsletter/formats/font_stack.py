"""The email's font-family, for the language it is written in.

The Latin stack (the system fonts of Apple, Windows and Android, then Arial) has no Japanese,
Chinese or Korean letters, so in those languages every character came from the generic
`sans-serif`, which is the client's to choose: Outlook on Windows draws East Asian text it has
no font for in its own default (a Mincho, serif), and a client that drops `lang` (HEY, GMX and
web.de's webmail, per caniemail's html-lang) leaves a system with another language's fallback to
pick the shapes of the Han characters, a Japanese 直 or 骨 drawn as another language writes it. A native
font of Windows (Meiryo, Microsoft YaHei, JhengHei, Malgun Gothic), of Apple and of Linux
(Noto CJK) now comes before the generic one, after the Latin ones, which still draw the Latin words.
Arabic and Hebrew need none: Segoe UI and Arial hold both scripts, and -apple-system does.
"""

from __future__ import annotations

from markupsafe import Markup

from newsletter.formats.language_tag import primary

LATIN = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial"

# Kept short: the stack is written inline on every block of text, some 150 times in a long edition.
# Noto by the family name Linux's fontconfig knows it by ('Noto Sans JP' is Google Fonts' web
# font, which no mail client has): with lang dropped, a Japanese 直 drew as another language's
# until the stack named 'Noto Sans CJK JP' (Chromium, on a machine with the Noto CJK fonts).
EAST_ASIAN = {
    "ja": "'Hiragino Sans', Meiryo, 'Noto Sans CJK JP'",
    "zh-hans": "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC'",
    "zh-hant": "'PingFang TC', 'Microsoft JhengHei', 'Noto Sans CJK TC'",
    "ko": "'Apple SD Gothic Neo', 'Malgun Gothic', 'Noto Sans CJK KR'",
}
# Chinese is written in Traditional characters in Taiwan, Hong Kong and Macau (zh-TW, zh-HK)
_TRADITIONAL = {"hant", "tw", "hk", "mo"}


def font_stack(language: str) -> Markup:
    """The CSS font-family for text in `language` (a BCP 47 tag): "ja" gets Japanese fonts
    before `sans-serif`, "zh-TW" or "zh-Hant" Traditional Chinese ones, "zh" Simplified ones."""
    key = primary(language)
    if key == "zh":
        subtags = set(language.lower().replace("_", "-").split("-")[1:])
        key = "zh-hant" if subtags & _TRADITIONAL else "zh-hans"
    native = EAST_ASIAN.get(key)
    return Markup(f"{LATIN}, {native}, sans-serif" if native else f"{LATIN}, sans-serif")
