"""The month names pages print in their dates, in the languages `links/dates.py` reads: a word ->
its month's number, and the two questions its readers ask of a word."""

from __future__ import annotations

import unicodedata

# Full names and the abbreviations pages print ("3 févr. 2021", "12 ago 2019", "4 mrt 2020"),
# Russian and Polish dates' genitives ("4 марта 2021", "4 marca 2021"), and the Arabic names
# Egyptian and Gulf papers print ("07 أكتوبر 2020"), the one-word Levantine ones too ("4 نيسان 2021")
_MONTH_WORDS = {
    1: "jan january januar janvier janv enero ene gennaio gen januari jänner janeiro января stycznia يناير",
    2: "feb february februar février fevrier févr fevr febrero febbraio februari fevereiro fev февраля lutego"
    " فبراير شباط",
    3: "mar march märz maerz mrz mars marzo maart mrt março марта marca مارس آذار",
    4: "apr april avril avr abril abr aprile апреля kwietnia أبريل ابريل إبريل نيسان",
    5: "may mai mayo maggio mag mei maio maj мая maja مايو أيار",
    6: "jun june juni juin junio giugno giu junho июня czerwca يونيو يونيه حزيران",
    7: "jul july juli juillet juil julio luglio lug julho июля lipca يوليو يوليه تموز",
    8: "aug august août aout agosto ago augustus августа sierpnia أغسطس اغسطس",
    9: "sep sept september septembre septiembre settembre set setembro сентября września سبتمبر أيلول",
    10: "oct october oktober octobre octubre ottobre ott okt outubro октября października أكتوبر اكتوبر",
    11: "nov november novembre noviembre novembro ноября listopada نوفمبر",
    12: "dec december dezember décembre decembre diciembre dic dicembre dez dezembro desember декабря grudnia ديسمبر",
}
MONTHS = {w: n for n, words in _MONTH_WORDS.items() for w in words.split()}
# Hebrew's, also as a day of a month writes one, "in" it, the ב written onto the name ("3 בדצמבר
# 2026"), and March's other spelling, מרס
_HEBREW = "ינואר פברואר מרץ אפריל מאי יוני יולי אוגוסט ספטמבר אוקטובר נובמבר דצמבר".split()
MONTHS |= {said: n for n, name in [*enumerate(_HEBREW, 1), (3, "מרס")] for said in (name, f"ב{name}")}
# Thai's, which Thai pages print in their dates ("3 ธันวาคม 2569", a year of the Buddhist Era)
_THAI = "มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน ตุลาคม พฤศจิกายน ธันวาคม"
MONTHS |= {name: n for n, name in enumerate(_THAI.split(), 1)}
# Turkish's, also as capitals fold them ("3 ARALIK 2026": "I".casefold() is "i", not its dotless ı)
_TURKISH = "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık".split()
MONTHS |= {said: n for n, name in enumerate(_TURKISH, 1) for said in (name, name.replace("ı", "i"))}

# Hindi's, as CLDR and as newspapers spell them ("3 दिसंबर 2026", "3 दिसम्बर 2026"); a nukta is
# folded away (month_named), so "फ़रवरी" is "फरवरी"
_HINDI = "जनवरी फरवरी मार्च अप्रैल/अप्रेल मई जून जुलाई अगस्त सितंबर/सितम्बर अक्तूबर/अक्टूबर/अक्तुबर नवंबर/नवम्बर दिसंबर/दिसम्बर"
MONTHS |= {said: n for n, names in enumerate(_HINDI.split(), 1) for said in names.split("/")}

# Ukrainian's, as a day of a month names it, in the genitive ("3 грудня 2026"; December alone is
# "грудень"): Olena's Kyiv magazines' dates were no date at all (new user 36)
_UKRAINIAN = "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня"
MONTHS |= {name: n for n, name in enumerate(_UKRAINIAN.split(), 1)}


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def month_ok(word: str) -> bool:
    return word.casefold() in MONTHS or _fold(word).casefold() in MONTHS


def month_named(word: str) -> int | None:
    return MONTHS.get(word.casefold()) or MONTHS.get(_fold(word).casefold())
