"""The email's font-family, for the language it is written in.

The Latin stack (the system fonts of Apple, Windows and Android, then Arial) has no Japanese,
Chinese or Korean letters, so in those languages every character came from the generic
`sans-serif`, which is the client's to choose: Outlook on Windows draws East Asian text it has
no font for in its own default (a Mincho, serif), and a client that drops `lang` (HEY, GMX and
web.de's webmail, per caniemail's html-lang) leaves a system with another language's fallback to
pick the shapes of the Han characters, a Japanese 直 or 骨 drawn as another language writes it. A native
font of Windows (Meiryo, Microsoft YaHei, JhengHei, Malgun Gothic), of Apple and of Linux
(Noto CJK) now comes before the generic one, after the Latin ones, which still draw the Latin words.

Thai and Devanagari (Hindi, Marathi, Nepali…) had the same gap, wider: neither Segoe UI nor Arial
has a letter of them, so Windows drew them in whatever its fallback chose (Outlook, sometimes
boxes). Each now names Apple's, Windows' and Linux's font of the script (Thonburi, Leelawadee UI,
Noto Sans Thai; Kohinoor Devanagari, Nirmala UI, Noto Sans Devanagari). Arabic-script languages
(Arabic, Persian, Urdu…) and Hebrew are drawn by Segoe UI and Arial on Windows and by the system
font's own fallback after -apple-system on Apple's; Linux's Liberation Sans (its Arial) has
neither script, and fontconfig's choice of another was any font that had it: they name Apple's
font of the script for the clients that skip -apple-system, and Linux's Noto.
"""

from __future__ import annotations

from markupsafe import Markup

from newsletter.formats.language_tag import primary, regional

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
# The scripts the Latin fonts lack (Thai, Devanagari), or Linux's lacks (Arabic, Hebrew): each
# written in by the languages whose primary subtag is listed, or by a tag naming it (sd-Deva)
SCRIPTS = {
    "thai": "Thonburi, 'Leelawadee UI', 'Noto Sans Thai'",
    "deva": "'Kohinoor Devanagari', 'Nirmala UI', 'Noto Sans Devanagari'",
    "arab": "'Geeza Pro', 'Noto Sans Arabic'",  # (Windows': Segoe UI, in the Latin stack)
    "hebr": "'Arial Hebrew', 'Noto Sans Hebrew'",  # (Windows': Segoe UI and Arial)
}
_WRITTEN_IN = {
    "thai": {"th"},
    "deva": {"hi", "mr", "ne", "sa", "mai", "kok", "bho", "doi", "brx", "new"},
    "arab": {"ar", "fa", "prs", "ur", "ps", "sd", "ug", "ckb", "ks", "pnb"},
    "hebr": {"he", "iw", "yi"},
}
_REGIONAL = {("pa", "pk"): "arab"}  # Punjabi as Pakistan writes it, in Shahmukhi (pa-PK)
# Chinese is written in Traditional characters in Taiwan, Hong Kong and Macau (zh-TW, zh-HK)
_TRADITIONAL = {"hant", "tw", "hk", "mo"}


def font_stack(language: str) -> Markup:
    """The CSS font-family for text in `language` (a BCP 47 tag): "ja" gets Japanese fonts
    before `sans-serif`, "zh-TW" or "zh-Hant" Traditional Chinese ones, "zh" Simplified ones,
    "th" Thai ones, "hi" (or "sd-Deva") Devanagari ones, "fa" Arabic script's, "he" Hebrew's."""
    key = primary(language)
    subtags = set(language.lower().replace("_", "-").split("-")[1:])
    if key == "zh":
        key = "zh-hant" if subtags & _TRADITIONAL else "zh-hans"
    script = next((name for name in SCRIPTS if name in subtags), None)  # a script the tag names
    script = script or regional(_REGIONAL, language, key)
    script = script or next((name for name, languages in _WRITTEN_IN.items() if key in languages), None)
    native = SCRIPTS[script] if script else EAST_ASIAN.get(key)
    return Markup(f"{LATIN}, {native}, sans-serif" if native else f"{LATIN}, sans-serif")
