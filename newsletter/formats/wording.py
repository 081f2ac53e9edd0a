"""The fixed words of the email, the post and the year in review, in the newsletter's language.

`language` ([newsletter], a BCP 47 tag) chooses them by its primary subtag ("de-AT" is German);
a phrase the language lacks, or a language the tool does not know, is said in English, so an
English workspace writes exactly what it always wrote. `[wording]` in the settings says any
phrase in the author's own words, in whatever language:

    [wording]
    view_in_browser = "Online lesen"
    things_read = { one = "{count} Fundstück aus {year}", other = "{count} Fundstücke aus {year}" }

Templates say a phrase with `say("view_in_browser")` (values for its placeholders as keyword
arguments, `count=` choosing a plural form); a copied template that writes its English words
itself keeps working as it was. The phrases are plain data (phrases.py): no gettext catalogue
to compile, nothing fetched.
"""

from __future__ import annotations

import re
import string
import unicodedata
from pathlib import Path

from markupsafe import Markup, escape

from newsletter.errors import NewsletterError
from newsletter.formats.language_tag import primary, regional
from newsletter.formats.letter_case import InEnglish, lower
from newsletter.formats.phrases import PHRASES, PREVIEW, REVIEW, TYPES, WEB
from newsletter.formats.plurals import plural

ALL = {**PHRASES, **TYPES, **REVIEW, **WEB, **PREVIEW}
# CLDR's plural categories, the forms a counted phrase may have: Arabic uses all six, English
# "one" and "other" (a form a language never chooses is never said)
FORMS = ("zero", "one", "two", "few", "many", "other")
ENGLISH = "en"
KNOWN = ("en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "ja", "zh", "ko", "ar")
# Tags whose primary subtag is not the one the phrases are kept under: Norwegian as "no" is
# Bokmål to most writers. Chinese is written in simplified characters in phrases.py: a
# traditional script's tag reads the English, not the other script.
_SAME = {"no": "nb"}
_TRADITIONAL = ("hant", "tw", "hk", "mo")
# Languages whose nouns keep their capital inside a sentence ("3 Vorträge", not "3 vorträge").
_CAPITAL_NOUNS = ("de",)
# Languages whose nouns stay singular after a number: Turkish "5 makale", not "5 makaleler" (the
# plural heading, "Makaleler"), and so the other Turkic languages, Hungarian, Persian and Georgian
_SINGULAR_AFTER_NUMBERS = ("tr", "az", "kk", "uz", "ky", "tk", "tt", "hu", "fa", "ka")
# A region's own words where its language's differ: an Austrian year in review said "Jan.",
# which Austria's standard German writes "Jän." (Jänner). Portuguese is Brazil's, as CLDR's
# "pt" is; Ines in Lisbon read "Você está recebendo", "compartilhe" and "Me conte" in her own
# edition, which Portugal writes "Está a receber", "partilhe" and "Conte-me". The author's
# [wording] still wins.
_MEXICO = {
    "share": "Si te gustó esta edición de {name}, compártela con quien pueda sacarle provecho.",
    "share_page": "Si te gustó esta edición de {name}, comparte {page} con quien pueda sacarle provecho.",
    "social": "Cuéntame en {place} qué te gustó y qué aprendiste.",
    "type_video": "Video",
    "section_video": "Videos",
    "hours_listened": "{hours} de charlas, podcasts, videos y cursos",
    "hours_listened_label": "Horas de charlas, podcasts, videos y cursos:",
    "feed_entries_title": "{name}: lo que leí",
    "quote_open": "“",
    "quote_close": "”",
    "thousands_separator": ",",
    "decimal_separator": ".",
}
# Switzerland's and Liechtenstein's German quotes «so», not „so“, and writes 1’234.5 where
# Germany writes 1.234,5 (CLDR's de-CH): Kai in Zürich (new user 48) read „…“ in his edition.
_SWISS = {"quote_open": "«", "quote_close": "»", "thousands_separator": "’", "decimal_separator": "."}
_REGIONAL = {
    ("de", "at"): {"months_short": "Jän. Feb. März Apr. Mai Juni Juli Aug. Sept. Okt. Nov. Dez."},
    ("de", "ch"): _SWISS,
    ("de", "li"): _SWISS,
    ("pt", "pt"): {
        "subscribed": "Está a receber este e-mail porque se inscreveu em {name}.",
        "unsubscribe": "Cancelar subscrição",
        "previously": "Antes neste registo:",
        "link_gone": "(a ligação original já não existe)",
        "share": "Se gostou desta edição de {name}, partilhe-a com quem possa gostar.",
        "share_page": "Se gostou desta edição de {name}, partilhe {page} com quem possa gostar.",
        "social": "Conte-me no {place} do que gostou e o que aprendeu.",
        "support": "Se quiser acesso antecipado às novidades que faço, agradeço o seu apoio no {place}.",
        "feed_entries_description": "Cada entrada do registo de leituras, com as suas notas.",
    },
    # Spanish is Spain's, and Mariana in Mexico City read it in her own edition: "Si te ha
    # gustado", "qué has aprendido" (Mexico says what happened with the preterite: "te gustó",
    # "aprendiste"), "vídeos" (Mexico writes "videos"), «…» for her quotes (Mexican print uses
    # “…”) and hours as "2,3" where Mexico writes "2.3" and groups thousands with commas.
    ("es", "mx"): _MEXICO,
    ("es", "419"): _MEXICO,  # Latin America's Spanish says these as Mexico does
}


def language_of(tag: str) -> str:
    """The phrases' language for a BCP 47 tag: "pt-BR" -> "pt"; English for one not known."""
    parts = tag.lower().replace("_", "-").split("-")
    primary = _SAME.get(parts[0], parts[0])
    # "zh-Hans-HK": the script said outright wins over the region's usual one
    if primary == "zh" and "hans" not in parts[1:] and any(part in _TRADITIONAL for part in parts[1:]):
        return ENGLISH
    return primary if primary in KNOWN else ENGLISH


# Where numbers group in twos above the thousands, 1,00,000 (a lakh) and 1,23,45,678: the
# languages of India, and any language written in India, Bangladesh or Bhutan (en-IN, ur-IN), as
# glibc's locales do ("grouping 3;2" in hi_IN, bn_BD, en_IN, ta_IN...). Hindi's ★ 123,456 read
# as English's ★ 1,23,456 would to an English reader.
_LAKH_LANGUAGES = {"hi", "bn", "gu", "kn", "ml", "mr", "or", "pa", "ta", "te", "as", "kok", "mai", "sd"}
_LAKH_REGIONS = {"in", "bd", "bt"}


def _lakh_grouped(tag: str) -> bool:
    parts = tag.lower().replace("_", "-").split("-")
    if "pk" in parts[1:]:  # Pakistan's Punjabi and Sindhi group as its Urdu does (pa_PK: 3;3)
        return False
    return parts[0] in _LAKH_LANGUAGES or any(part in _LAKH_REGIONS for part in parts[1:])


def _grouped(number: float, lakh: bool) -> str:
    """`number` with a comma between its groups of digits: of three, or of two above the
    thousands where `lakh` (12,34,567.5)."""
    written = f"{number:,}"
    if not lakh:
        return written
    whole, dot, fraction = written.partition(".")
    sign, digits = ("-", whole[1:]) if whole.startswith("-") else ("", whole)
    digits = digits.replace(",", "")
    head, last = digits[:-3], digits[-3:]
    pairs = [head[max(0, end - 2) : end] for end in range(len(head), 0, -2)][::-1]
    return sign + ",".join([*pairs, last]) + dot + fraction


class Wording:
    """The phrases of one language with the author's overrides: `wording("key", name=...)`."""

    def __init__(self, tag: str = ENGLISH, overrides: dict | None = None):
        self.language = language_of(tag)
        # the forms of the author's own words are the tag's language's, whatever its phrases
        # are said in: a Polish [wording]'s "2 minuty", "5 minut"
        self.counts_in = tag
        self.lakh = _lakh_grouped(tag)
        self.overrides = (regional(_REGIONAL, tag, self.language) or {}) | (overrides or {})

    def __call__(self, key: str, count: float | None = None, **values) -> str:
        phrase = self.text(key, count)
        said = self._fitted(phrase, values).format(count=self._count(count), **values)
        return InEnglish(said) if isinstance(phrase, InEnglish) else said

    def markup(self, key: str, count: float | None = None, **values) -> Markup:
        """The phrase for HTML: its own words escaped, its values escaped unless they are markup
        already (a link the template made)."""
        said = self._fitted(self.text(key, count), values)
        if "{" not in said and "}" not in said:  # nothing to fill ("colon", "previously"): Markup's
            return escape(said)  # format, a Python formatter, was most of an entry's say() in the email
        return Markup(escape(said)).format(count=self._count(count), **values)

    def _fitted(self, said: str, values: dict) -> str:
        """`said` without the spaces it keeps between a value and its own Japanese or Chinese
        words, where the value is in those letters too: a space parts Japanese from a Latin name
        ("Data Science Programming を"), but "ゆきの読書メモ を楽しんで" read as a typo."""
        if self.language not in ("ja", "zh") or " " not in said:
            return said

        def wide(text: str) -> bool:
            return bool(text) and unicodedata.east_asian_width(text) in "WF"

        def shown(name: str) -> str:  # a link's words, not its tag
            return re.sub(r"<[^>]*>", "", str(values.get(name, "")))

        def after(m: re.Match) -> str:  # "{name} を"
            return m[0][:-1] if wide(shown(m[1])[-1:]) and wide(m[2]) else m[0]

        def before(m: re.Match) -> str:  # "订阅了 {name}"
            return m[1] + m[0][2:] if wide(m[1]) and wide(shown(m[2])[:1]) else m[0]

        return re.sub(r"(.) \{(\w+)\}", before, re.sub(r"\{(\w+)\} (?=(.))", after, said))

    def text(self, key: str, count: float | None = None) -> str:
        """The phrase unfilled: the author's, else the language's, else English."""
        said, english = self.overrides.get(key), False
        if said is None:
            forms = ALL[key]  # a KeyError is the template's mistake: render reports it with its line
            said = forms.get(self.language, forms[ENGLISH])
            # (English's where the language lacks them, or is one the templates do not speak,
            # whose Wording is English's: marked so below, as their capitals are English's)
            english = self.language == ENGLISH or self.language not in forms
        if isinstance(said, dict):
            # no count: "other", the form of most counts (2 is Arabic's dual, "two")
            category = "other" if count is None else plural(self._counted_in(key), count)
            said = said.get(category) or said.get("other") or next(iter(said.values()))
        return InEnglish(said) if english else said

    def _counted_in(self, key: str) -> str:
        """The language whose plural rules choose `key`'s form: the tag's for its own words and the
        author's, English's for English's words ("21 entries" in a Russian log, not "21 entry")."""
        own = key in self.overrides or self.language != ENGLISH and self.language in ALL[key]
        return self.counts_in if own else ENGLISH

    def number(self, number: float, grouped: bool = False) -> str:
        """A number as the language writes it: 1.5 as "1.5" or "1,5"; `grouped`, 1234 as "1,234",
        "1.234" or "1 234", 123456 as "1,23,456" where numbers group in lakhs (a count of entries
        is not grouped: the English output never was)."""
        written = _grouped(number, self.lakh) if grouped else str(number)
        return (
            written.replace(".", "\0")
            .replace(",", self.text("thousands_separator"))
            .replace("\0", self.text("decimal_separator"))
        )

    def _count(self, count: float | None) -> str:
        return "" if count is None else self.number(count)

    def type_label(self, kind: str) -> str:
        return self.text(f"type_{kind}")

    def section(self, kind: str) -> str:
        return self.text(f"section_{kind}")

    def kinds(self, kind: str, count: int) -> str:
        """What `count` entries of a type are called after their number: "articles", "paper";
        the author's own work by its section's name."""
        counted_in = self._counted_in(f"section_{kind}" if kind == "mine" else f"type_{kind}")
        singular = primary(counted_in) in _SINGULAR_AFTER_NUMBERS or plural(counted_in, count) == "one"
        word = self.section(kind) if kind == "mine" or not singular else self.type_label(kind)
        if self.language in _CAPITAL_NOUNS and kind != "mine":
            return word
        return lower(word[:1], counted_in) + word[1:]  # (a Turkish "İnceleme" is "inceleme", not "i̇nceleme")

    def quotes(self) -> tuple[str, str] | None:
        """The double quotes of the language, as HTML for smarty (formats/notes.py); None for
        English's “ ”, which smarty writes without being told (and the notes cache keeps)."""
        said = (self.text("quote_open"), self.text("quote_close"))
        return None if said == ("“", "”") else (escape(said[0]), escape(said[1]))

    def images(self) -> tuple[str, str] | None:
        """How a note's image is said in words, with its alt text and without; None for
        English's, the notes cache's own (formats/notes.py)."""
        said = (self.text("image_alt"), self.text("image"))
        return None if said == (ALL["image_alt"][ENGLISH], ALL["image"][ENGLISH]) else said

    def after_colon(self, said: str | None = None) -> str:
        """What goes between the colon (or a label `said` that ends in one: "Previously in this
        log:", "以前の記録：") and the words it introduces: a space, but none after a full-width
        colon (Japanese and Chinese '：'), which holds its own space: '論文： Mamba' showed a gap
        twice as wide as the one after it in any Japanese text. Only after full-width punctuation
        ('：', '）'): an author's label of their own that ends in a letter ([wording] previously =
        "前回の記録") keeps its space, as before, or it ran into the title after it. Before a bare
        address, which a space keeps apart, the templates write one whatever the language."""
        said = self.text("colon") if said is None else said
        last = said[-1:]
        wide_punctuation = last and unicodedata.category(last)[0] == "P" and unicodedata.east_asian_width(last) in "WF"
        return "" if wide_punctuation else " "

    def months(self) -> list[str]:
        return self.text("months_short").split()


def forms_of(tag: str) -> list[str]:
    """The forms a counted phrase in the language of `tag` may have: those its counts take, and
    "one" and "other" in every language, as [wording] took before it knew Arabic's."""
    # every count to 111 (Welsh's "many" is 6 alone, Irish's 7 to 10), fractions of one and two
    # digits, and a million (the Romance languages' and Breton's "many")
    counts = (*range(112), 0.5, 1.5, 0.11, 1_000_000)
    taken = {plural(tag, count) for count in counts} | {"one", "other"}
    return [form for form in FORMS if form in taken]


def checked(path: Path, table: dict, invisible: re.Pattern, language: str = ENGLISH) -> dict:
    """[wording] as read from the settings file at `path`, refused with a message naming the
    key when it names no phrase, is not text, holds an `invisible` control character (MJML
    refuses the email), uses a placeholder the phrase does not have, or has a form no count
    takes in the newsletter's `language` (an English "zero" was kept, and never said)."""
    for key, value in table.items():
        if key not in ALL:
            import difflib

            close = difflib.get_close_matches(key, ALL, n=1, cutoff=0.6)
            # the README has no list of its own: the settings schema is the one list, made from ALL
            hint = (
                f"did you mean {close[0]}?"
                if close
                else "`newsletter schema settings` lists every phrase under wording, with its English."
            )
            raise NewsletterError(f"{path}: [wording] {key} is no phrase the templates say; {hint}")
        english = ALL[key][ENGLISH]
        forms = value if isinstance(value, dict) else {"other": value}
        if isinstance(value, dict) and "other" not in value and set(value) <= set(FORMS):
            *some, last = forms_of(language)  # "should be text in quotes" told Olena's table nothing
            raise NewsletterError(
                f"{path}: [wording] {key} has no other form, said of every count its other forms do not take (and "
                f"of fractions, 1.5); its forms in {language} are {', '.join(some)} and {last}."
            )
        if (
            "other" not in forms  # every count but one is said with it; without it, "8 Sache"
            or not all(isinstance(text, str) for text in forms.values())
            or (isinstance(value, dict) and not set(forms) <= set(FORMS))
        ):
            raise NewsletterError(
                f"{path}: [wording] {key} should be text in quotes"
                + (', or a table of its forms: { one = "...", other = "..." }.' if isinstance(english, dict) else ".")
            )
        if isinstance(value, dict) and (unsaid := [form for form in value if form not in forms_of(language)]):
            *some, last = forms_of(language)
            raise NewsletterError(
                f"{path}: [wording] {key} has a {unsaid[0]} form, which no count takes in {language}; "
                f"its forms are {', '.join(some)} and {last}."
            )
        allowed = _placeholders(english)
        for text in forms.values():
            if control := invisible.search(text):
                raise NewsletterError(
                    f"{path}: [wording] {key} holds an invisible control character "
                    f"(U+{ord(control[0]):04X}, in TOML an escape like \\u{ord(control[0]):04x}); remove it."
                )
            try:
                used = _placeholders(text)
            except ValueError as error:
                raise NewsletterError(f"{path}: [wording] {key} = {text!r}: {error}; write {{ and }} as {{{{ and }}}}.")
            if formatted := _formatted(text, _own_formats(ALL[key])):
                # "{count:d}" failed the build blaming the template; "{name:>999999999999}" filled the memory
                raise NewsletterError(
                    f"{path}: [wording] {key} has {formatted[0]}; write {{{formatted[1]}}} as it is "
                    "(the tool writes its numbers and names itself)."
                )
            if key == "months_short" and len(text.split()) != 12:  # the year in review's chart labels
                raise NewsletterError(
                    f"{path}: [wording] months_short should be the twelve months' short names, separated by "
                    f"spaces; it has {len(text.split())}."
                )
            if unknown := used - allowed:
                can = ", ".join(f"{{{name}}}" for name in sorted(allowed)) or "none"
                raise NewsletterError(
                    f"{path}: [wording] {key} has {{{sorted(unknown)[0]}}}, which this phrase cannot fill; "
                    f"it takes {can}."
                )
    return table


def _placeholders(text: str | dict) -> set[str]:
    texts = text.values() if isinstance(text, dict) else [text]
    return {field for one in texts for _, field, _, _ in string.Formatter().parse(one) if field is not None}


def _formatted(text: str, own: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """The first placeholder of `text` with a format spec or conversion ("{count:d}", "{name!r}"),
    as written and bare; the values are text the tool wrote, which Python's formatting misreads.
    But for those in `own`, written as the tool's own phrase writes them."""
    for written, field in _with_formats(text):
        if written not in own:
            return written, field
    return None


def _own_formats(phrase: dict) -> frozenset[str]:
    """The placeholders with a format that the tool's own phrase writes, in any language: hours_minutes'
    "{minutes:02d}" ("1 h 04 min"), whose value is always a whole number. The settings schema shows
    the English phrase as its default, and the rule refused that default copied into [wording]."""
    texts = [form for said in phrase.values() for form in (said.values() if isinstance(said, dict) else [said])]
    return frozenset(written for text in texts for written, _ in _with_formats(text))


def _with_formats(text: str) -> list[tuple[str, str]]:
    """Each placeholder of `text` with a format spec or conversion, as written and bare."""
    return [
        ("{" + field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}", field)
        for _, field, spec, conversion in string.Formatter().parse(text)
        if field is not None and (spec or conversion)
    ]
