"""Is this string a person, and what is their name without the padding around it?

Bylines carry more than names: "Edward Keenan City Columnist", "Terry Pluto, cleveland.com",
"Lauren Manaker MS, RDN, LD", "( Image: Getty Images)", "Reuters", "TMZ Staff". A wrong
author is worse than none, so `clean_person` strips job titles, affiliations and credentials,
and returns None for image credits and organisations; `is_organisation` is the test that
decides "a publisher, not a person" for names that came from anywhere.
"""

from __future__ import annotations

import functools
import re

from newsletter.links.name_case import is_station, tidy_caps
from newsletter.links.values import clean_author, host_keys, norm_name

# Image and photo credits: "( Image: Getty Images)", "Photo provided by Bruce Kunz.",
# "Chris Young/ The Canadian Press", "Foto: dpa", "Crédit photo : AFP".
_CREDIT = re.compile(
    r"^\W*(?:(?:image|photo|picture|foto|bild|illustration|video|graphic)s?\b|credit|courtesy|"
    r"cr[ée]dits?\b|provided by|getty|shutterstock|\w+ images\b)|\bprovided by\b|/\s|\bvia\b|"
    r"^(?:developed|designed|powered|hosted) by\b",  # the web agency's credit in a footer
    re.I,
)
# Words that make a string a job title, for "Name City Columnist" / "Name, Staff Writer".
_JOBS = {
    "columnist",
    "writer",
    "reporter",
    "editor",
    "correspondent",
    "contributor",
    "producer",
    "photographer",
    "critic",
    "journalist",
    "author",
    "analyst",
    "host",
    "anchor",
    "director",
    "redakteur",
    "redakteurin",
    "chefredakteur",
    "chefredakteurin",
    "autor",
    "autorin",
    "journaliste",
    "rédacteur",
    "rédactrice",
    "chroniqueur",
    "correspondant",
    "correspondante",
    "intern",
    "fellow",
    "blogger",
    "officer",
    "president",
    "founder",
    "co-founder",
    "cofounder",
    "ceo",
    "cto",
    "cfo",
    "coo",
    "vp",
    "manager",
    "engineer",
    "scientist",
    "technologist",
    "researcher",
    "strategist",
    "evangelist",
    "consultant",
    "developer",
    "designer",
    "lecturer",
    "enviado",
    "enviada",
    "envoyé",  # Libération's "Envoyés spéciaux à Toulouse" after its writers' names
    "envoyée",
    "envoyés",
    "envoyées",
    "corresponsal",
    "redactor",
    "redactora",
    "periodista",
}
_JOB_QUALIFIERS = {
    "city",
    "staff",
    "senior",
    "contributing",
    "special",
    "chief",
    "national",
    "political",
    "sports",
    "business",
    "guest",
    "associate",
    "managing",
    "executive",
    "deputy",
    "news",
    "digital",
    "freelance",
    "local",
    "lead",
    "features",
    "entertainment",
    "games",
    "gaming",
    "opinion",
    "science",
    "technology",
    "tech",
    "health",
    "culture",
    "travel",
    "food",
    "style",
    "data",
    "investigative",
    "assistant",
    "junior",
    "general",
    "editorial",
    "copy",
    "commerce",
    "the",
    "and",
    "&",
    "freier",
    "freie",
    "stellvertretender",
    "grand",
    "envoyé",
    "envoyée",
    "spécial",
    "spéciale",
    "vice",
    "product",
    "marketing",
    "engineering",
    "software",
    "research",
    "program",
    "community",
}
_JOB_WORDS = frozenset(_JOB_QUALIFIERS | _JOBS)  # (made once: a union on every name was made for every name)
# Words that make a name an organisation: agencies, desks, newsrooms, institutions.
_ORG_WORDS = {
    "press",
    "news",
    "staff",
    "team",
    "media",
    "reuters",
    "afp",
    "associated",
    "wire",
    "wires",
    "desk",
    "editors",
    "editorial",
    "newsroom",
    "magazine",
    "channel",
    "journal",
    "gazette",
    "times",
    "tribune",
    "herald",
    "telegraph",
    "inc",
    "llc",
    "ltd",
    "gmbh",
    "group",
    "network",
    "company",
    "corporation",
    "corp",
    "university",
    "institute",
    "school",
    "college",
    "foundation",
    "agency",
    "bureau",
    "correspondent",
    "redazione",
    "redaktion",
    "rédaction",
    "report",
    "reports",
    "brandroom",
    "studio",
    "studios",
    "sponsored",
    "partner",
    "partners",
    "contributors",
    "reporters",
    "writers",
    "daily",
    "weekly",
    "online",
    "digital",
    "today",
    "radio",
    "tv",
    "television",
    "society",
    "association",
    "council",
    "department",
    "ministry",
    "office",
    "service",
    "services",
    "club",
    "center",
    "centre",
    "library",
    "museum",
    "telegram",
    "enquirer",
    "courier",
    "chronicle",
    "examiner",
    "observer",
    # German, Portuguese, Spanish and others: papers, parties, ministries, newsrooms
    "zeitung",
    "magazin",
    "verlag",
    "partei",
    "stiftung",
    "verband",
    "verein",
    "ministerium",
    "bundesministerium",
    "sekretariat",
    "e.v",
    "ag",
    "d.o.o",
    "redação",
    "redacción",
    "redaccion",
    "redaktori",
    # Polish: a newsroom ("Tekst: Redakcja Serwisu", "Autor: Redakcja Onetu"), an agency, a
    # foundation, a publisher, which the writer's labels Polish pages use name as often as a person
    "redakcja",
    "agencja",
    "fundacja",
    "wydawnictwo",
    "newsdesk",
    "agencies",
    "blog",
    "jornal",
    "portal",
    "nachrichten",
    # Hebrew: a newsroom ("מאת מערכת וואלה", "מאת כתבי הארץ", "מאת דסק החדשות"), news agencies
    # ("סוכנויות הידיעות"), which a byline that says מאת names as often as a person; with "the",
    # a ה written onto the word
    "מערכת",
    "המערכת",
    "כתבי",
    "כתבנו",
    "דסק",
    "הדסק",
    "חדשות",
    "החדשות",
    "סוכנות",
    "סוכנויות",
    "הסוכנויות",
    # a correspondent, a team and Reuters ("מאת כתב וואלה", "כתבת הארץ", "צוות האתר", "ורויטרס"),
    # as English's "staff", "team" and "reuters" (review 22)
    "כתב",
    "כתבת",
    "כתבתנו",
    "צוות",
    "הצוות",
    "רויטרס",
    # Hindi: a newsroom ("लेखक: संपादकीय टीम", editorial team; "डिजिटल डेस्क", "ब्यूरो रिपोर्ट",
    # "हमारे संवाददाता", our correspondent), as English's "editorial", "team", "desk" (review 25);
    # न्यूज़ with its ज़ as one character and as ज and the nukta, both of which pages write
    "संपादकीय",
    "संपादक",
    "टीम",
    "स्टाफ",
    "डेस्क",
    "ब्यूरो",
    "संवाददाता",
    "एजेंसी",
    "एजेंसियां",
    "समाचार",
    "न्यू\u095b",
    "न्यूज\u093c",
    # Persian: a newsroom ("نوشته‌ی تحریریه", the editors; "گروه فرهنگی", the culture desk;
    # "خبرنگار ایسنا", a correspondent; "خبرگزاری", a news agency), as Hindi's and Hebrew's
    "تحریریه",
    "تحریریه\u200cی",  # (with the ezafe: "تحریریه‌ی مجله", the magazine's editors)
    "گروه",
    "خبرنگار",
    "خبرگزاری",
}
# German compounds end with what they are: "Caritasverband", "Tierschutzpartei", "Bundesministerium"
_ORG_SUFFIX = re.compile(
    r"\w{3,}(?:verband|ministerium|stiftung|zeitung|partei|verein|gesellschaft|redaktion|verlag)$", re.I
)
# Words that make the whole string a collective, even after a person-shaped start:
# "Sun Sentinel Editorial Board", "Harvard Medical School".
_COLLECTIVE = {
    "board",
    "staff",
    "team",
    "desk",
    "editors",
    "editorial",
    "newsroom",
    "school",
    "university",
    "institute",
    "college",
    "foundation",
    "department",
    "ministry",
    "council",
    "society",
    "association",
    "reporters",
    "writers",
    "contributors",
    # a project's or a company's team blog account: Blogger's "Posted by Android Developers"
    "developers",
    "engineers",
    "maintainers",
}
# Words that make the whole string an organisation wherever they stand: "Preußische Allgemeine
# Zeitung" is no "Preußische Allgemeine" writing for a Zeitung, "Zoologischer Garten Berlin AG"
# no "Zoologischer Garten"
_INCORPORATED = {"zeitung", "partei", "stiftung", "verband", "verein", "ministerium", "ag", "e.v.", "gmbh", "d.o.o."}
# Buttons and share links that sit in bylines: "Flipboard Share", "Follow on X".
_UI_WORDS = {
    "share",
    "follow",
    "subscribe",
    "tweet",
    "email",
    "print",
    "comment",
    "comments",
    "facebook",
    "twitter",
    "linkedin",
    "flipboard",
    "pinterest",
    "reddit",
    "whatsapp",
    "bluesky",
    "mastodon",
    "threads",
    "instagram",
    "rss",
    "newsletter",
    "sign",
    "log",
    "login",
    "connect",
    "contact",
    "profile",
}
_CONJUNCTIONS = frozenset(("and", "&", "und", "et", "og", "och", "en", "y", "e"))
CJK_JOBS = frozenset(("기자", "記者", "特派員", "特派员", "记者"))
# News agencies whose desks sign as "AP Sports", "PA Media"; not "AJ Taylor" nor "DJ Summers"
_AGENCIES = frozenset(("AP", "AFP", "DPA", "UPI", "PA", "ANI", "PTI", "IANS", "SID", "KNA", "EFE", "ANSA", "APA"))
# Papers whose names end so, after a writer's name with the separator lost: "Joe Davidson
# Washington Post", "Jo Bloggs Boston Globe" (a two-word tail at least: "Emily Post" is a person)
_PAPER_TAIL = frozenset(("post", "globe", "star", "mail", "mirror", "express", "inquirer", "dispatch", "bee"))
_ACRONYM = re.compile(r"[A-Z]{2,6}")  # "AFP", "ANI", "PTI": agencies, not people
_DOMAIN = re.compile(r"\w\.[a-z]{2,}\b", re.I)  # "INQUIRER.net", "etimes.in"
_CREDENTIAL = re.compile(r"[A-Z][A-Za-z]{0,4}\.?")  # "MS", "RDN", "PhD"
_DOTTED = re.compile(r"(?:[A-Z][a-z]?\.){2,4}")  # "Ph.D.", "M.D.", "M.B.A."
# "George T. Conway III", "Henry Ford II": part of the name, though shaped like credentials
_GENERATIONS = frozenset(("II", "III", "IV", "VI", "VII", "VIII"))
# A byline wholly in quotes names a show, column or series ("By ‘Sway’"), not its host
_JOB_ASIDE = re.compile(r"(.+?)\s*\(([^()]+)\)")
_QUOTED = re.compile(r"[\"'‘“«„].*[\"'’”»“]")
_AFFIX_SPLIT = re.compile(r"\s*(?:,|\s[|•·–—-]\s|\s/\s)\s*")


def is_organisation(name: str, site_keys: set[str] = frozenset()) -> bool:
    """A publisher, agency, desk or institution rather than a person."""
    if norm_name(name) in site_keys:
        return True
    words = name.split()
    if len(words) == 1 and _ACRONYM.fullmatch(words[0]) and words[0] not in _GENERATIONS:
        return True
    if len(words) > 1 and words[0].upper() in _AGENCIES and words[0].isupper():
        return True  # "AP Sports", "AP National", "dpa-AFX": an agency's desk
    if _DOMAIN.search(name):
        return True
    return any(
        (part := p.strip(".,:;()").casefold()) in _ORG_WORDS or _ORG_SUFFIX.fullmatch(part)
        for w in words
        for p in w.split("-")
    )


def is_job_title(part: str) -> bool:
    """ "Vice President", "CEO", "Staff Writer": a job title, as a byline lists it after a name."""
    words = [w.casefold().strip(".,") for w in part.split()]
    return 0 < len(words) <= 5 and any(w in _JOBS for w in words)


def _strip_job(words: list[str]) -> list[str]:
    """ "Edward Keenan City Columnist" -> ["Edward", "Keenan"]: a trailing job title goes."""
    folded = [w.casefold().strip(".,") for w in words]
    for i, word in enumerate(folded):
        if word in _JOBS and i >= 2:
            # a qualifier opens the job, whatever desk follows it ("Senior Politics Editor")
            start = next((j for j in range(2, i) if folded[j] in _JOB_QUALIFIERS), i)
            while start > 2 and folded[start - 1] in _JOB_QUALIFIERS:
                start -= 1
            return words[:start]
    return words


def _is_credentials(part: str) -> bool:
    words = part.split()
    return bool(words) and all(
        (_CREDENTIAL.fullmatch(w) and not w.istitle() or w.rstrip(".") in ("PhD", "MD") or _DOTTED.fullmatch(w))
        and w not in _GENERATIONS
        and not _SURNAME_CAPS.fullmatch(w)
        for w in words
    )


# "André Oliver KLEIN": a surname in capitals, as French and Luxembourgish bylines write it;
# credentials of five letters and more are rare, and written without a vowel (LCSW, CRNP)
_SURNAME_CAPS = re.compile(r"(?=[A-Z]*[AEIOUY])[A-Z]{5,}")
# Chinese, Japanese and Korean names have two to six characters: seven unspaced are more.
# Han and Hangul only: names in kana have any length ("レオナルド・ディカプリオ", "よしもとばなな")
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uac00-\ud7af]{7,}")


def _is_padding(part: str, site_keys) -> bool:
    """What follows a name after a comma or bar: an outlet, credentials, a job, "Sponsored"."""
    words = part.split()
    return (
        is_organisation(part, site_keys)
        or _is_credentials(part)
        or part.casefold() == "sponsored"
        or any(w.casefold().strip(".,") in _JOBS for w in words)
    )


# A name with a bare web address after it in brackets, "Name (www.example.com)"
_OWN_ADDRESS = re.compile(r"\(\s*(?:https?://)?((?:[\w-]+\.)+[a-z]{2,})/?\s*\)\s*$", re.I)


def clean_person(value, site_keys: set[str] = frozenset()) -> str | None:
    """One person's name from a byline-shaped string, or None if it names no person."""
    if site_keys and isinstance(value, str) and (own := _OWN_ADDRESS.search(value)):
        host = host_keys(own.group(1).lower().removeprefix("www."))
        if host & site_keys and norm_name(value[: own.start()]) not in host:
            # DW's <meta name=author> "Deutsche Welle (www.dw.com)": the publisher, by the page's
            # own address (not "Jane Doe (janedoe.net)" on her own blog)
            return None
    name = clean_author(value)
    if not name or _CREDIT.search(name) or _QUOTED.fullmatch(name):
        return None
    if (m := _JOB_ASIDE.fullmatch(name)) and is_job_title(m.group(2)):
        name = m.group(1)  # "Martí Abad (Enviado especial)": the name, and its job in brackets
    parts = [p for p in _AFFIX_SPLIT.split(name) if p]
    if len(parts) > 1:
        # "Terry Pluto, cleveland.com", "Cam E. Kettles, Crimson Staff Writer", "Jane Doe, MD"
        if all(_is_padding(p, site_keys) for p in parts[1:]):
            name = parts[0]
        else:
            return None  # two people in one string: the caller splits lists, not this
    words = name.split()
    if (
        len(words) > 1
        and not name.isupper()
        and _is_credentials(words[0])
        and is_organisation(" ".join(words[1:]), site_keys)
    ):
        return None  # "MA WebMD" from "Brenda Goodman, MA WebMD": a degree, then the site
    half = len(words) // 2
    if len(words) % 2 == 0 and words[:half] == words[half:]:
        words = words[:half]  # "Courtney Carr Courtney Carr": a name and its link, both read
    if words and (words[0].casefold() in _JOB_WORDS or any(w.casefold() in _JOBS for w in words[:2])):
        return None  # "Senior Research Fellow", "Money Reporter": a job, not a name
    words = _strip_job(words)
    if len(words) > 1 and words[-1] in CJK_JOBS:
        words = words[:-1]  # "신현주 기자": Korean and Japanese bylines put "reporter" after the name
    if any(w.casefold() in _INCORPORATED for w in words):
        return None
    # "Lauren Manaker MS": a trailing credential after a mixed-case name
    while len(words) > 2 and _is_credentials(words[-1]) and not words[0].isupper():
        words = words[:-1]
    # "John O'connor The Associated Press", "Jim Walsh Cherry Hill Courier-Post": a name
    # followed by its outlet, the separator lost with the markup
    for i in range(2, len(words) if not name.isupper() else 0):  # "RALPH D. RUSSO" is all caps
        if i == len(words) - 1 and _SURNAME_CAPS.fullmatch(words[i]) and words[i].casefold() not in _ORG_WORDS:
            break  # "André Oliver KLEIN": the surname, not an agency's acronym
        if words[i].casefold() not in _COLLECTIVE and is_organisation(" ".join(words[i:]), site_keys):
            words = words[:i]  # ("Jo Bloggs Globe Staff"; but "X Editorial Board" is a board)
            break
        if i <= len(words) - 2 and words[-1].casefold() in _PAPER_TAIL and words[i][:1].isupper():
            words = words[:i]
            break
        if words[i].casefold() == "for" and i < len(words) - 1:
            words = words[:i]  # "Amitai Winehouse For Mailonline", "Charles Walton for SurgeZirc"
            break
    while words and (words[-1].casefold() in _CONJUNCTIONS or words[-1].casefold() == "by"):
        # "Le Figaro et AFP", "Jo Bloggs and AFP": the agency went, so does "and"; and "WABC
        # By Eyewitness News", a station's logo before its desk's byline, leaves no "By"
        words = words[:-1]
    if any(w.casefold() in _COLLECTIVE or w.casefold() in _UI_WORDS for w in words):
        return None
    name = " ".join(words).strip(" ,;|·•-–—:")
    if not name or is_organisation(name, site_keys) or is_station(name) or _after_site(name, site_keys):
        return None
    name = clean_author(name)
    if name and _CJK_RUN.fullmatch(name):
        return None  # "青网校园崔宁宁": a channel and its editor's name run together
    return tidy_caps(name) if name else None


def _after_site(name: str, site_keys) -> bool:
    """A name whose first two words or more are the site's name: "Andalucía Información
    Andalucía" (the site and its region in its author box). Not one word: a host spells its
    owner's first name ("Mattias Geniar" at ma.ttias.be)."""
    words = name.split()
    return any(norm_name(" ".join(words[:n])) in site_keys for n in range(2, len(words)))


def person_cleaner():
    """`clean_person` for one page, cleaning each (name, site) once: a page names its writer in
    several places (JSON-LD, `<meta name=author>`, the byline) and each is cleaned. Made anew
    for every page, so a page read twice is cleaned twice. (`site_keys` is only asked whether
    it holds a name, so a frozenset of it answers alike.)"""
    once = functools.lru_cache(maxsize=None)(clean_person)

    def clean(value, site_keys: set[str] = frozenset()) -> str | None:
        return once(value, frozenset(site_keys)) if isinstance(value, str) else clean_person(value, site_keys)

    clean.cache_info = once.cache_info  # (for the tests: what was cleaned, what was reused)
    return clean


def is_handle(name: str) -> bool:
    """ "acoady", "jeremyschneider": a login name, weaker evidence than a written-out name."""
    return " " not in name and name.islower()
