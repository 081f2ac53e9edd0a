"""Words that say nothing about a topic: left out of quotes' scoring, section names and queries.

A set for English, German, French, Spanish and Portuguese, taken by the log's language and an
entry's own (`stop_words`): `sections` named groups "Der and Attention" and "Les and Attention"
from the function words of German and French entries, but one set for all dropped Portuguese
"ela" and "tem" from an English log's searches and quotes. English's is every log's too (titles
come as the source gave them, most often in English; its list leaves out words that are topics
in the others), and Chinese's, which no other language writes. A section's name leaves out every
list's (UNNAMING): an entry's language is not always said, and a German one's "der" named a
section of an English log, where an English topic word taken for a stop word only leaves the
name to another. No installed
package ships a stop-word list, so these are short ones; words that are function words in one
language and topics in another ("war", "hat", "fast", "car", "art") are left out of them.
"""

import unicodedata

ENGLISH = """a an the and or but if so of to in on at by for with from as is are was were be been being it
its this that these those i you he she we they me him her us them my your our their what which who whom
do does did have has had not no yes just very really there here then than too also can could would
should will shall may might must about into over out up down more most some any all each much many
get got go going know think say said thing things lot well right yeah like one way"""

GERMAN = """der die das dem den des ein eine einen einem einer eines und oder aber nicht kein keine
ist sind war waren bin bist wird werden wurde wurden sein seine seiner seinen ihre ihren ihrer
haben habe hatte gibt kann können muss müssen soll sollte ich du er sie es wir ihr mich mir dich
sich uns euch ihn ihm ihnen mein meine unser dieser diese dieses diesem diesen mit von vom zum zur
für auf aus bei nach über unter vor durch gegen ohne um wie warum wann wo was wer welche welcher
welches als wenn weil dass damit dann denn doch auch noch nur schon sehr mehr viel viele hier dort
jetzt immer alle alles im am zu an ins beim einfach ganz gut"""

FRENCH = """le la les un une des du de et ou mais donc ni que qui quoi dont où ce cet cette ces dans sur
sous avec sans pour par entre vers chez est sont été être avoir ont avait fait faire il elle ils
elles nous vous je tu on se son sa ses leur leurs mon ma mes notre nos votre vos ne pas plus très
bien aussi comme tout tous toute toutes même peut au aux si lui en comment pourquoi quand autre
autres encore alors ça cela ceci"""

# Spanish: Mariana's month of Spanish titles was proposed as the section "Panorama y Las" ("las",
# the article of "Salud en las Américas"). "era", "solo" and "sin" are topics in English; left out.
SPANISH = """el la los las un una unos unas del al de y e o u pero ni que qué quien quién cual cuál
cuando cuándo donde dónde como cómo por para con sobre entre hasta desde hacia contra según es son
fue fueron ser estar está están estaba hay ha han había hemos yo tú él ella ellos ellas nosotros
ustedes usted te se nos les lo mi mis tu tus su sus nuestro nuestra nuestros nuestras este esta
estos estas ese esa esos esas esto eso muy más menos también ya sí porque pues así todo toda todos
todas otro otra otros otras mismo misma cada"""

# Portuguese: Beatriz's week of Brazilian titles and notes was proposed as the section "Não e
# Acessibilidade" ("não", not, from "Não me faça pensar" and her notes). "era", "sem" and "sim" are left out.
PORTUGUESE = """o a os as um uma uns umas do da dos das no na nos nas ao aos à às de em por pelo pela
pelos pelas para pra com e ou mas nem que quê quem qual quais quando onde como porque porquê não
é são foi foram ser estar está estão estava há tem têm ter eu você vocês ele ela eles elas nós me te
se lhe nos meu minha meus minhas seu sua seus suas nosso nossa este esta estes estas esse essa esses
essas isto isso aquele aquela aquilo muito muita muitos muitas mais menos também já só ainda todo
toda todos todas outro outra outros outras mesmo mesma cada sobre entre até desde após"""

# Chinese words of two characters that say how, why or who, not what about: "如何" (how) named a
# section of a Chinese log
CHINESE = """如何 怎么 怎样 什么 为什么 为何 可以 这些 那些 这个 那个 我们 你们 他们 一个 一些 没有 因为 所以 但是
如果 然后 以及 还是 或者 已经 就是 不是 非常 自己 之前 之后 时候 这样 那样 如此 其实 比较 更加"""

_OF = {"en": ENGLISH, "de": GERMAN, "fr": FRENCH, "es": SPANISH, "pt": PORTUGUESE, "zh": CHINESE}
EVERY_LOGS = frozenset(ENGLISH.split()) | frozenset(CHINESE.split())
STOP = frozenset(word for words in _OF.values() for word in words.split())  # every language's

# Never a section's name, though they may matter to a quote's weight: "Why and BOM" and "Notes
# and BOM" came from titles like "Why parsers choke on it" and "Notes on BOM"; "Systems and Part"
# from two series read in parts, "(part 4)" (a series' piece, in English, Portuguese, Spanish,
# Italian, French, German and Dutch).
NAMING_NOTHING = frozenset(
    "why how when where while because only even still own other same such via notes note".split()
    + "part parts parte partes partie parties teil deel".split()
    # a number counts what a note is about ("three rivers", "three innovation tokens"): new user
    # 61's month was proposed "Three and Boring"
    + """two three four five six seven eight nine ten eleven twelve twenty hundred hundreds thousand
    thousands million millions billion first second third fourth fifth half dozen""".split()
)
UNNAMING = STOP | NAMING_NOTHING


def stop_words(*languages: str | None) -> frozenset[str]:
    """The stop words of a text in `languages` (BCP 47 tags: the log's, an entry's own; none
    given, unknown), and English's and Chinese's. A language without a list of its own (Italian,
    Japanese) keeps every list's words, as every language had before there was one per language."""
    known = {tag.lower().replace("_", "-").split("-")[0] for tag in languages if tag}
    if not known or known - _OF.keys():
        return STOP
    return _stop(frozenset(known))


_CACHE: dict[frozenset, frozenset[str]] = {}


def _stop(known: frozenset) -> frozenset[str]:
    if (found := _CACHE.get(known)) is None:
        found = _CACHE[known] = EVERY_LOGS.union(*(_OF[language].split() for language in known))
    return found


# Letters that are not a base letter with an accent, so neither Unicode's decomposition nor
# FTS5's unicode61 takes them apart: `lukasz` found no "Łukasz", `soren` no "Søren". The index
# and every query spell them so, on both sides.
_PLAIN = str.maketrans(
    {
        "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ħ": "h",
        "Ħ": "H", "ŧ": "t", "Ŧ": "T", "ı": "i", "ŀ": "l", "Ŀ": "L", "ß": "ss", "ẞ": "SS", "æ": "ae",
        "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th",
    }
)  # fmt: skip


def plain_letters(text: str) -> str:
    """`text` with the letters above spelled as ASCII letters ("Łukasz Søndergaard" -> "Lukasz Sondergaard"),
    in its compatible form (`compatible`)."""
    return text if text.isascii() else compatible(text).translate(_PLAIN)


def compatible(text: str) -> str:
    """`text` in its compatibility form (NFKC): a Japanese keyboard types full-width Latin letters
    and digits (ＰＹＴＨＯＮ, ２０２６) and half-width katakana (ｹﾝｻｸ), which are other characters to
    FTS5 than the "Python", "2026" and ケンサク an entry says."""
    return text if text.isascii() else unicodedata.normalize("NFKC", text)
