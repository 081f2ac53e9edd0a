"""CLDR's plural rules: which form of a counted phrase a count takes, in any language written here.

The phrases of the languages the templates speak are chosen by them, and so are the forms an
author writes in [wording] for a language they do not speak: a Polish log says "1 minuta",
"2 minuty", "5 minut", "22 minuty", which takes CLDR's "few" and "many" as Arabic's does. Before,
a language without phrases of its own counted as English does, and [wording] refused its "few"
and "many" as forms "no count takes in pl". The rules are CLDR's (plurals.xml, cardinal), by the
tag's language (and Portugal's Portuguese, pt-PT, by its region: it counts as Spanish does); a language
not here has "one" for 1 and "other" for every other count, as English.
"""

from __future__ import annotations


def _operands(count: float) -> tuple[int, int, int]:
    """CLDR's i (the integer digits), v (how many fraction digits are shown) and f (those digits
    as a number) of `count` as the tool writes it: 1.5 as "1.5", 2 and 2.0 as a whole number."""
    if float(count).is_integer():
        return abs(int(count)), 0, 0
    whole, _, fraction = repr(abs(float(count))).partition(".")
    return int(whole), len(fraction), int(fraction)


def _english(i: int, v: int, f: int) -> str:  # and German, Dutch, Swedish, Norwegian...
    return "one" if i == 1 and v == 0 else "other"


def _millions(i: int, v: int) -> bool:
    """CLDR's "many" of the Romance languages: a whole number of millions ("1 000 000 de
    lectures", "un millón de lecturas"). Its other half, a compact number's exponent ("1,2 M"),
    is never met: the tool writes every count in full."""
    return v == 0 and i != 0 and i % 1_000_000 == 0


def _french(i: int, v: int, f: int) -> str:  # and Brazil's Portuguese: 0 and 1 (and 1.5) are singular
    return "one" if i in (0, 1) else "many" if _millions(i, v) else "other"


def _romance(i: int, v: int, f: int) -> str:  # Spanish, Italian, Catalan, Galician, Portugal's Portuguese
    return "one" if i == 1 and v == 0 else "many" if _millions(i, v) else "other"


def _danish(i: int, v: int, f: int) -> str:  # a fraction of 0 or 1 is singular: "1,5 time"
    return "one" if i == 1 and not v or v and f and i in (0, 1) else "other"


def _hindi(i: int, v: int, f: int) -> str:  # and Persian, Bengali, Gujarati, Kannada, Amharic, Zulu: 0 and 0.5 too
    return "one" if i == 0 or (i == 1 and not v) else "other"


def _icelandic(i: int, v: int, f: int) -> str:  # and Macedonian: 21, 31... and 0.1 are "one", as 1 is
    n = f if v else i
    return "one" if n % 10 == 1 and n % 100 != 11 else "other"


def _none(i: int, v: int, f: int) -> str:  # Japanese, Chinese, Korean, Vietnamese...: no plural
    return "other"


def _polish(i: int, v: int, f: int) -> str:  # 1; 2-4, 22-24, 102...; 0, 5-21, 25-31, 112-114...
    if v:
        return "other"
    if i % 10 in (2, 3, 4) and i % 100 not in (12, 13, 14):
        return "few"
    return "one" if i == 1 else "many"


def _east_slavic(i: int, v: int, f: int) -> str:  # Russian, Ukrainian, Belarusian: 21 is "one" too
    if v:
        return "other"
    if i % 10 == 1 and i % 100 != 11:
        return "one"
    return "few" if i % 10 in (2, 3, 4) and i % 100 not in (12, 13, 14) else "many"


def _czech(i: int, v: int, f: int) -> str:  # and Slovak: 1; 2-4; a fraction "many"; 5 and more "other"
    return "many" if v else "one" if i == 1 else "few" if i in (2, 3, 4) else "other"


def _croatian(i: int, v: int, f: int) -> str:  # and Serbian, Bosnian: by the last digits, a fraction's by its own
    n = f if v else i
    if n % 10 == 1 and n % 100 != 11:
        return "one"
    return "few" if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else "other"


def _slovenian(i: int, v: int, f: int) -> str:
    if v:
        return "few"
    return {1: "one", 2: "two", 3: "few", 4: "few"}.get(i % 100, "other")


def _lithuanian(i: int, v: int, f: int) -> str:
    if v:
        return "many"
    if i % 100 in range(11, 20):
        return "other"
    return "one" if i % 10 == 1 else "few" if i % 10 else "other"


def _latvian(i: int, v: int, f: int) -> str:  # a fraction by its digits: 0.11 "zero", 0.1 and 0.21 "one"
    if not v and (i % 10 == 0 or i % 100 in range(11, 20)) or v == 2 and f % 100 in range(11, 20):
        return "zero"
    if v == 1:
        return "one" if f == 1 else "other"
    n = f if v else i
    return "one" if n % 10 == 1 and n % 100 != 11 or v > 2 and f % 10 == 1 else "other"


def _romanian(i: int, v: int, f: int) -> str:  # 1; 0, 2-19, 101-119 and fractions "few"; 20 "other"
    if i == 1 and not v:
        return "one"
    return "few" if v or i == 0 or i % 100 in range(1, 20) else "other"


def _hebrew(i: int, v: int, f: int) -> str:  # a fraction below 1 is "one" (CLDR 42)
    if v:
        return "one" if i == 0 else "other"
    return {1: "one", 2: "two"}.get(i, "other")


def _irish(i: int, v: int, f: int) -> str:  # 1; 2; 3-6; 7-10; 0, 11 and more, fractions "other"
    if v:
        return "other"
    return {1: "one", 2: "two"}.get(i) or ("few" if 3 <= i <= 6 else "many" if 7 <= i <= 10 else "other")


def _welsh(i: int, v: int, f: int) -> str:  # 0; 1; 2; 3; 6; every other count "other"
    return "other" if v else {0: "zero", 1: "one", 2: "two", 3: "few", 6: "many"}.get(i, "other")


def _scottish_gaelic(i: int, v: int, f: int) -> str:  # 1 and 11; 2 and 12; 3-10 and 13-19
    if v:
        return "other"
    return {1: "one", 11: "one", 2: "two", 12: "two"}.get(i) or ("few" if 3 <= i <= 19 else "other")


def _maltese(i: int, v: int, f: int) -> str:  # 0 and 3-10 (103-110...) "few", 11-19 (111-119...) "many"
    if v:
        return "other"
    if i in (1, 2):
        return "one" if i == 1 else "two"
    return "few" if i == 0 or 3 <= i % 100 <= 10 else "many" if 11 <= i % 100 <= 19 else "other"


def _breton(i: int, v: int, f: int) -> str:  # by the last digit, but not 11-19, 71-79, 91-99; millions
    if v:
        return "other"
    last, tens = i % 10, i % 100
    if last in (1, 2) and tens not in (11, 12, 71, 72, 91, 92):
        return "one" if last == 1 else "two"
    if last in (3, 4, 9) and not (10 <= tens <= 19 or 70 <= tens <= 79 or 90 <= tens <= 99):
        return "few"
    return "many" if i and i % 1_000_000 == 0 else "other"


def _arabic(i: int, v: int, f: int) -> str:
    if v:
        return "other"
    tail = i % 100
    return {0: "zero", 1: "one", 2: "two"}.get(i) or (
        "few" if 3 <= tail <= 10 else "many" if 11 <= tail <= 99 else "other"
    )


_RULES = {
    **dict.fromkeys(("ja", "zh", "ko", "vi", "th", "id", "ms", "lo", "my", "km", "yue"), _none),
    **dict.fromkeys(("fr", "pt"), _french),
    **dict.fromkeys(("es", "it", "ca", "gl"), _romance),
    "da": _danish,
    "gd": _scottish_gaelic,
    "mt": _maltese,
    "br": _breton,
    "pl": _polish,
    **dict.fromkeys(("ru", "uk", "be"), _east_slavic),
    **dict.fromkeys(("cs", "sk"), _czech),
    **dict.fromkeys(("hr", "sr", "bs", "sh"), _croatian),
    "sl": _slovenian,
    "lt": _lithuanian,
    "lv": _latvian,
    **dict.fromkeys(("ro", "mo"), _romanian),
    **dict.fromkeys(("he", "iw"), _hebrew),
    "ar": _arabic,
    "ga": _irish,
    "cy": _welsh,
    **dict.fromkeys(("is", "mk"), _icelandic),
    **dict.fromkeys(("hi", "fa", "bn", "gu", "kn", "am", "as", "zu"), _hindi),
}
# Portugal's Portuguese (and that of the countries CLDR counts with it) counts as Spanish does:
# "0 entradas", "1,5 horas"; Brazil's, CLDR's "pt", takes the singular for 0 and 1.5
_PORTUGAL = {"pt-pt", "pt-ao", "pt-ch", "pt-cv", "pt-gq", "pt-gw", "pt-lu", "pt-mo", "pt-mz", "pt-st", "pt-tl"}


def plural(language: str, count: float) -> str:
    """The plural category of `count` in `language`, a tag ("pl", "pt-BR") or its language:
    "zero", "one", "two", "few", "many" or "other"."""
    tag = language.lower().replace("_", "-")
    if "-".join(tag.split("-")[:2]) in _PORTUGAL:
        return _romance(*_operands(count))
    return _RULES.get(tag.split("-")[0], _english)(*_operands(count))
