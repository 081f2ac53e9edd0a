"""`newsletter init`: a new workspace that builds at once: settings, a sample entry, a Hugo site.

It only ever creates files; an existing workspace or site is never touched.
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
import shutil
import sys
from pathlib import Path

from newsletter import config, editors, files, resources
from newsletter.commands import shared_log
from newsletter.config import SETTINGS_FILE
from newsletter.editors import schemas
from newsletter.errors import NewsletterError
from newsletter.formats import first_weekday, language_tag, phrases, sample_entry, title_language, wording
from newsletter.formats import post as markdown_safe
from newsletter.formats.language_tag import primary, regional
from newsletter.formats.site import hugo_config, hugo_settings, same_language, setting, settings_files, source_of
from newsletter.workspace import nearest

SETTINGS_TEMPLATE = """\
#:schema ./schemas/settings.schema.json
# Settings for this newsletter workspace. Entries live in entries/YYYY/MM/*.md;
# `newsletter build` writes the Hugo post into site/ and the email into dist/.

[newsletter]
name = "{name}"{name_pad}# the newsletter's name, shown in every edition
author = "{author}"
language = "{language}"{language_pad}# the email's <html lang> and the words it writes ([wording] says any your way)
timezone = "{timezone}"{zone_pad}# for the post's date, e.g. "Europe/Berlin"
cadence = "{cadence}"{cadence_pad}# "monthly" or "weekly": the edition `build`, `send`... make without a PERIOD
week_start = "{week_start}"{week_start_pad}# first day of a weekly edition (2021-W07), as where you live
greeting = "{greeting}"
signoff = "{signoff}\\n{author}"{signoff_pad}# the email's last words: a new author name goes here too

[links]                             # shown in the sign-off of every email
subscribe = ""                      # your list's subscribe page
website = ""
social = ""                         # where readers can reply, e.g. a Mastodon profile
social_name = "Mastodon"
support = ""                        # Patreon, GitHub Sponsors, Ko-fi... (optional)
support_name = "Patreon"
unsubscribe = ""                    # your list service's unsubscribe URL

[site]                              # the Hugo site the post goes into
path = "site"
section = "posts"
category = "{category}"
front_matter = "toml"               # or "yaml"
monthly_title = "{monthly_title}"
weekly_title = "{weekly_title}"   # {{week}}: its number (48)
yearly_title = "{yearly_title}"   # `newsletter review YEAR`'s title
date_language = "{date_language}"{date_pad}# the month names in those titles: de, fr, es, it, pt, nl, ja, zh, ko…
shortcodes = false                  # true: Hugo shortcodes in your own notes run ({{{{< figure >}}}})

[email]
from = ""                           # "Your Name <you@example.com>"
to = ""                             # the list's address
reply_to = ""
list_unsubscribe_mailto = ""        # e.g. "mailto:unsubscribe@example.com"
list_unsubscribe = ""               # a one-click endpoint (https, unsubscribes on a POST); {{email}}: the reader

[send]                              # `newsletter send`: secrets come from the environment
via = "smtp"                        # smtp | buttondown | listmonk
test_address = ""                   # you: where `send --test` goes
smtp_host = "localhost"             # with $SMTP_USERNAME and $SMTP_PASSWORD when set
smtp_port = 587
smtp_security = "starttls"          # starttls (port 587) | tls (port 465) | none (a local relay)
dkim_domain = ""                    # sign SMTP sends with DKIM: your From domain,
dkim_selector = ""                  # the key's selector (<selector>._domainkey.<domain>),
dkim_private_key_file = ""          # and its PEM file (or the PEM in $DKIM_PRIVATE_KEY)
listmonk_url = ""                   # listmonk: your instance's address (https://lists.example.com),
listmonk_list_ids = []              # the ids of the lists to send to ([1, 3]); and $LISTMONK_USERNAME,
                                    # $LISTMONK_TOKEN. Buttondown needs only $BUTTONDOWN_API_KEY.
listmonk_template_id = 0            # listmonk: a campaign template whose body is only
                                    # {{{{ template "content" . }}}} (0: its default, a page around the page)

[fetch]                             # how link metadata is fetched
timeout = 10                        # seconds per request
max_age_days = 30                   # refetch cached metadata older than this
allow_private_addresses = false     # true to enrich links on your own network

[archive]                           # web archive copies of your links (`newsletter archive`)
on_build = true                     # `build` archives the edition's links too, recorded in
                                    # entries/YYYY/MM/_archive.toml (commit it); false to stop
within_days = 30                    # an existing capture this close to the entry's date will do
email = "dead"                      # archived-copy links in the email: none | dead | all
# Save Page Now uses $IA_ACCESS_KEY and $IA_SECRET_KEY (https://archive.org/account/s3.php) when
# set; without them, the public endpoint, which may refuse.
"""

# Builds with `hugo --panicOnWarning` on Debian's Hugo 0.111 and on current ones: no
# `languageCode` (deprecated since 0.158 in favour of `locale`, which 0.111 does not know).
HUGO_CONFIG = """\
baseURL = "https://example.com/"
{default_language}# the site's own words and dates ("Read more…"): "de", "de-at" (Jänner), "fr"…
title = {name}
# Raw HTML is left out of pages (Hugo's default): `newsletter` leaves a note's out of the post
# itself; a page you write with some would make current Hugo warn, failing --panicOnWarning.
ignoreLogs = ["warning-goldmark-raw-html"]
# Tags and categories shown as written: Hugo (since 0.123) titles them in English title case,
# "No-Ficción", "Ml" (Hugo 0.111 ignores the setting).
capitalizeListTitles = false
{cjk_words}
[taxonomies]
category = "categories"
tag = "tags"

# A note's paragraph in the other direction than the post's (an English quote in an Arabic post)
# gets its own with a {{dir="ltr"}} line after it, which Goldmark reads only with this on.
[markup.goldmark.parser.attribute]
block = true
{cjk}"""

# Chinese and Japanese have no spaces between words: Hugo counted a post of a thousand characters
# as the few "words" its spaces part, a theme's reading time one minute (.WordCount, .ReadingTime).
CJK_WORDS = """\
# Chinese and Japanese words counted by their characters, for a theme's word count and reading time.
hasCJKLanguage = true
"""

# Chinese and Japanese (any region: zh-TW too) join a paragraph's lines with nothing between two
# of their characters, as the email does (formats/note_markdown.py); Goldmark kept the newline, a
# space after each '。' on the blog. Hugo 0.112 and later read this; 0.111 ignores it.
CJK_LINE_BREAKS = """
# A paragraph's lines joined with no space between two Chinese or Japanese characters
# (Hugo 0.112 and later), as the email joins them.
[markup.goldmark.extensions.cjk]
enable = true
eastAsianLineBreaks = true
"""


def init(
    folder: Path,
    name: str | None,
    author: str,
    today: dt.date | None,
    editor_setups=(),
    *,
    timezone: str = "UTC",
    cadence: str = "monthly",
    language: str | None = None,
) -> list[Path]:
    """A new workspace in `folder` that builds at once; refuses to touch an existing one.
    `today` (the sample entry's date) is today in `timezone` when None. `language` (a BCP 47
    tag; English when None) writes the settings' words in it, where the wording knows it
    (`in_language`).

    `editor_setups` ("vscode", "obsidian") adds those editors' files; in an existing workspace,
    only those files and a fresh copy of the schemas are written.
    """
    folder = set_up_folder(folder, editor_setups)
    if (folder / SETTINGS_FILE).exists() and editor_setups:
        written = _log_language(folder)  # a French log's templates leave room for notes in French
        if language is not None and language.lower() != written.lower():  # else taken and said nothing
            raise NewsletterError(
                f'--language {language!r}: {folder / SETTINGS_FILE} says language = "{written}", and init '
                "changes no setting of an existing workspace; write language (and the words in it) "
                "there, then run init --editor again."
            )
        language = written
        try:  # a read-only workspace: an OSError traceback at the schemas' first write
            made = write_schemas(folder, keep_edited=True)
            return made + [p for e in editor_setups for p in editors.write(folder, e, language)]
        except OSError as error:
            written = error.filename2 or error.filename or folder  # (a rename's target is its second name)
            raise NewsletterError(
                f"Cannot write {written} ({error.strerror or error}); check that the workspace {folder} is a "
                "folder you can write to, with space left on the disk."
            ) from None
    if (folder / SETTINGS_FILE).exists():
        raise NewsletterError(f"{folder / SETTINGS_FILE} already exists; this is already a workspace.")
    if outer := among_entries(folder):  # in entries/2026/11, say: it hid the author's settings below it
        raise NewsletterError(
            f"{folder.resolve()} is inside the workspace {outer}; a workspace there would hide that one's settings "
            "from every command run in it. Run init in a folder outside it (`init --editor` adds an "
            "editor set-up to it)."
        )
    # init in the author's own Hugo blog (Tomás, new user 60): that site is the workspace's, not a
    # second one in site/ whose posts the blog never shows; none of the author's files is touched
    in_site = bool(settings_files(folder))
    if not in_site and (folder / "site").exists():
        raise NewsletterError(f"{folder / 'site'} already exists; init needs a folder without a site/.")
    from newsletter.mail_headers import line_break

    for option, value in (("--name", name), ("--author", author)):
        if found := line_break(value or ""):  # else a newsletter.toml every command refuses
            raise NewsletterError(f"{option} has a line break ({found}); give it on one line.")
    zone = _zone(timezone)  # before any file: a workspace every command would refuse
    if cadence not in ("monthly", "weekly"):
        raise NewsletterError(f'--cadence {cadence!r}: use "monthly" or "weekly".')
    language = "en" if language is None else language  # (given empty, refused as the settings refuse it)
    if wrong := language_tag.problem(language):  # as the settings would refuse it, before any file
        raise NewsletterError(wrong)
    language = language_tag.canonical(language)
    today = today or dt.datetime.now(zone).date()  # the sample entry's day where the author is
    said = in_language(_regional_months(language, timezone))
    words = {key: _toml_text(value) for key, value in said.items()}
    words["language"] = _toml_text(language)
    name = said["default_name"] if name is None else name  # not given: in the log's language
    settings = SETTINGS_TEMPLATE.format(
        name=_toml_text(name),
        name_pad=" " * max(1, 27 - len(_toml_text(name))),  # (the comments' column, 36, as written)
        author=_toml_text(author),
        timezone=_toml_text(timezone),
        zone_pad=" " * max(1, 23 - len(timezone)),
        cadence=cadence,
        cadence_pad=" " * (24 - len(cadence)),
        week_start=(first := first_weekday.week_start(timezone)),
        week_start_pad=" " * (21 - len(first)),
        language_pad=" " * max(1, 23 - len(language)),
        signoff_pad=" " * max(1, 22 - len(words["signoff"]) - len(_toml_text(author))),
        date_pad=" " * max(1, 18 - len(words["date_language"])),
        **words,
    )
    site_language = words.pop("site_language")
    if in_site:
        settings = settings.replace("the Hugo post into site/", "the Hugo post into this folder's site", 1)
        settings = settings.replace('path = "site"\n', 'path = "."'.ljust(36) + "# this folder is the Hugo site\n", 1)
        settings = _posts_written_as_the_site(settings, folder)
    files = {
        folder / SETTINGS_FILE: settings,
        folder / "entries" / f"{today:%Y/%m}" / "getting-started-with-markdown.md": sample_entry.sample_entry(
            today, language
        ),
        folder / "site" / "hugo.toml": HUGO_CONFIG.format(
            name=markdown_safe.quoted(name),
            default_language=f'defaultContentLanguage = "{site_language}"'.ljust(35) + " ",
            cjk=CJK_LINE_BREAKS if primary(language) in ("ja", "zh") else "",
            cjk_words=CJK_WORDS if primary(language) in ("ja", "zh") else "",
        ),
        folder / ".gitignore": shared_log.GITIGNORE,
    }
    if in_site:  # the author's site: its settings, layouts and words are theirs
        del files[folder / "site" / "hugo.toml"]
        files[folder / ".gitignore"] = shared_log.GITIGNORE.replace("site/public/", "/public/").replace(
            "site/resources/", "/resources/"
        )
    if (folder / ".gitignore").exists():  # a repository's own (GitHub writes one): kept, and `check` says what it lacks
        del files[folder / ".gitignore"]
    for path in files:
        if path.exists():
            raise NewsletterError(f"{path} already exists; not overwriting it.")
    try:  # a folder under a file, or where one may not write: a message, not a traceback
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        site = [] if in_site else [folder / "site" / "layouts", folder / "site" / "i18n"]
        if not in_site:
            shutil.copytree(resources.site_layouts(), folder / "site" / "layouts")
            shutil.copytree(resources.site_words(), folder / "site" / "i18n")  # its words in the site's language
            if words_of := SITE_WORDS_OF.get(site_language):
                shutil.copyfile(
                    resources.site_words() / f"{words_of}.toml", folder / "site/i18n" / f"{site_language}.toml"
                )
        (folder / "templates").mkdir(exist_ok=True)
        made = write_schemas(folder) + [p for editor in editor_setups for p in editors.write(folder, editor, language)]
    except OSError as error:
        raise NewsletterError(f"Cannot create {folder} ({error.strerror or error}); choose a folder you can write to.")
    return list(files) + site + [folder / "templates"] + made


def _posts_written_as_the_site(settings: str, site: Path) -> str:
    """A blog whose settings are YAML (hugo.yaml, config/_default/hugo.yml) gets its posts' front
    matter in YAML too, as `hugo new site --format yaml` makes its archetypes: Kwame (new user 63),
    whose hugo.yaml blog's posts all open with ---, found init's "toml" giving the first edition's
    post a +++ block unlike any other page of his."""
    if hugo_config(site).suffix not in (".yaml", ".yml"):
        return settings
    told = 'front_matter = "yaml"'.ljust(36) + f'# as {hugo_config(site).name}; or "toml"\n'
    return settings.replace('front_matter = "toml"               # or "yaml"\n', told, 1)


# Where Arabic names the months the Syriac way (تشرين الثاني, not نوفمبر): Layla (new user 23),
# in Amman, gave `--language ar` and got Cairo's month names in her titles.
LEVANT = {
    "Asia/Amman": "ar-JO",
    "Asia/Hebron": "ar-PS",
    "Asia/Gaza": "ar-PS",
    "Asia/Damascus": "ar-SY",
    "Asia/Beirut": "ar-LB",
    "Asia/Baghdad": "ar-IQ",
}


def _regional_months(language: str, timezone: str) -> str:
    """`language`, or the region's tag where a bare "ar" is written in a country whose months are
    named otherwise (its date_language): the author said where they are with --timezone."""
    return LEVANT.get(timezone, language) if language.lower() == "ar" else language


# A region whose words are its language's file's (pt.toml is Brazil's): its site is in the region's
# tag, <html lang="pt-br">, with a copy of those words under its name, made by init in its own
# site alone. Shipped with the others, a pt-br.toml made Hugo 0.111 lose pt.toml's words in a
# site in "pt" (its i18n took pt-br's file for pt's), and without one a site in "pt-br" had none.
SITE_WORDS_OF = {"pt-br": "pt"}


def in_language(tag: str) -> dict[str, str]:
    """The settings init writes in words, for a log in language `tag`: its greeting, sign-off,
    category and titles as phrases.WORKSPACE has them in the tag's language (or region's);
    `date_language` the tag where it has month names of its own ("de-AT": Jänner), else its
    language's, as `check` would tell the author to set; the site's defaultContentLanguage the
    tag where the starter site has words for it ("de-at"; "pt-br", SITE_WORDS_OF), else its
    language's ("fr-ca": fr, which Hugo does not fall back to by itself). A language the wording does not
    know: the tag, the rest English (`unsaid` names them)."""
    known = wording.language_of(tag)
    words = {key: phrases.WORKSPACE[key][known] for key in phrases.WORKSPACE}
    words.update(regional(phrases.WORKSPACE_REGIONAL, tag, known) or {})  # Portugal's, where "pt" is Brazil's
    if known == "en" and primary(tag) != "en":
        return {"language": tag, **words, "date_language": "en", "site_language": "en"}
    months = title_language.date_language(tag) or title_language.date_language(known) or "en"
    site = tag.lower().replace("_", "-")  # as Hugo names its i18n files
    site = site if (resources.site_words() / f"{site}.toml").is_file() or site in SITE_WORDS_OF else known
    return {"language": tag, **words, "date_language": months, "site_language": site}


def _language_and_zone(language: str | None, zoned: bool, own_site: Path | None = None) -> str:
    """The next step's words on what init left English or UTC: `language` unless given with
    --language (or, given, what init has no words in), `timezone` unless given with --timezone."""
    said = [] if language is None else [unsaid(language_tag.canonical(language), own_site) or ""]
    if language is None:
        said.append(
            '`language` ("fr", "de"…: or init again with --language)'
            + ("" if zoned else ' and `timezone` ("Europe/Paris"…)')
            + " in [newsletter] if not English"
            + ("" if zoned else " and UTC")
        )
    elif not zoned:
        said.append('`timezone` ("Europe/Paris"…) in [newsletter] if not UTC')
    return "".join(f"{words}, " for words in said if words)


def unsaid(tag: str, own_site: Path | None = None) -> str | None:
    """What to write by hand in a log in `tag`, a language init has no words in; None if it has.
    `own_site`: the author's own Hugo site the workspace was made in, whose settings and words
    are theirs (_own_site_words)."""
    if wording.language_of(tag) != "en" or primary(tag) == "en":
        return None
    months = title_language.date_language(tag)  # zh-TW: the 月 of zh, for titles written in it
    dates = (
        f'with date_language = "{months}"'
        if months
        else "(date_language stays English: init knows no month names in it)"
    )
    return (
        f'init has no words in "{tag}": write greeting and signoff in [newsletter], category, monthly_title, '
        f"weekly_title and yearly_title in [site] in your language {dates}, the email's own words in a "
        "[wording] table (`check` names those left in English)"
        + (
            f", defaultContentLanguage in site/hugo.toml and the blog's own words in "
            f"site/i18n/{tag.lower().replace('_', '-')}.toml (a copy of en.toml there)"
            if own_site is None
            else _own_site_words(tag, own_site)
        )
    )


def _own_site_words(tag: str, site: Path) -> str:
    """What to set in the author's own site for a log in `tag`: its defaultContentLanguage, where
    it names another language. Noa ran init in her blog, whose settings say "he" already, and
    was told to set it "in site/hugo.toml" and to copy "site/i18n/en.toml": files of init's starter
    site, which a workspace made in the author's own site has not (its theme says its own words)."""
    if same_language(str(hugo_settings(site).get("defaultcontentlanguage") or "en"), tag):
        return ""
    path = source_of(site, "defaultcontentlanguage")  # (the settings' keys as read: in lower case)
    quoted = f'"{tag.lower()}"'  # as Hugo names a language: "he", "zh-hant-tw"
    return f", {setting(path, 'defaultContentLanguage', quoted)} in {path}"


def _unused(given: list[str], folder: Path) -> str | None:
    """Said when `init --editor` in an existing workspace was given options of a new one's settings
    (`--timezone Europe/Paris`): it used none of them, and said nothing of it. (A --language is
    no such option there: one not the workspace's is refused, its own writes the set-up in it.)"""
    if not given:
        return None
    options = " and ".join(f"--{name}" for name in given)
    settings = ", ".join(f"`{name}`" for name in given)
    one = len(given) == 1
    return (
        f"{options} {'was' if one else 'were'} not used: init writes {'it' if one else 'them'} into a new "
        f"workspace's settings, and this one has its own; change {settings} in {folder / SETTINGS_FILE}."
    )


def _log_language(folder: Path) -> str:
    """The workspace's [newsletter] language; English where its settings cannot be read (the
    set-up is still written: its templates are the author's to edit)."""
    try:
        return config.load(folder).language
    except NewsletterError:
        return "en"


def set_up_folder(folder: Path, editor_setups=()) -> Path:
    """Where `init --editor` adds its set-up: run in a folder of a workspace (entries/2021/02),
    that workspace, as every other command finds it. It made a second workspace there instead,
    whose newsletter.toml then hid the author's from every command run below it."""
    if editor_setups and not (folder / SETTINGS_FILE).exists() and (outer := among_entries(folder)):
        return outer
    return folder


def among_entries(folder: Path) -> Path | None:
    """The workspace among whose entries `folder` is (entries/2026/11, say), where every command
    finds that workspace. A new workspace beside its entries (`init reading` in a clone of this
    repository, itself a workspace) hides nothing, and is made."""
    if (outer := nearest(str(folder))) is None:
        return None
    try:
        entries = config.load(Path(outer)).entries_dir.resolve()
    except NewsletterError:  # its settings are broken: where entries go by default
        entries = (Path(outer) / "entries").resolve()
    place = folder.resolve()
    return Path(outer) if place == entries or entries in place.parents else None


def write_schemas(folder: Path, keep_edited: bool = False) -> list[Path]:
    """schemas/entry.schema.json and settings.schema.json, for editors (newsletter.toml names the
    second on its first line). Generated: rewritten to match this version of the tool, but with
    `keep_edited` (`init --editor` in a workspace), one its author edited is left as it is: it
    was written over, the author's own rules lost, by a command run to add an editor set-up."""
    paths = []
    for kind, name in schemas.FILES.items():
        path = folder / "schemas" / name
        if keep_edited and (mine := schemas.read(path)) is not None and schemas.state(kind, mine) == "edited":
            continue
        text = schemas.dumps(schemas.entry() if kind == "entry" else schemas.settings())
        try:
            files.write_atomic(path, text.encode("utf-8"), durable=False)  # (never half a schema for an editor to read)
        except OSError as error:  # named by the schema: on a read-only disk, the error names its hidden temporary
            raise OSError(error.errno, error.strerror, str(path)) from error
        paths.append(path)
    return paths


def _kept_schemas(folder: Path, paths: list[Path]) -> str:
    """What `init --editor` says of the schemas it left as their author edited them."""
    kept = [folder / "schemas" / name for name in schemas.FILES.values() if folder / "schemas" / name not in paths]
    if not kept:
        return ""
    them, lack = ("it", "it lacks") if len(kept) == 1 else ("them", "they lack")
    return (
        f"Kept {' and '.join(map(str, kept))} as you edited {them}; "
        f"`newsletter check` names what this version reads that {lack}."
    )


def _zone(name: str):
    """The time zone `--timezone` names, or a message saying what one looks like."""
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo(name)
    except (ValueError, LookupError, OSError):  # ZoneInfoNotFoundError is a KeyError; "America" a folder
        raise NewsletterError(
            f'--timezone {name!r} is not a time zone; use a name like "Europe/Berlin", "Africa/Accra" or "UTC".'
        ) from None


def _toml_text(text: str) -> str:
    """Text for inside a TOML basic string ("...")."""
    return markdown_safe.quoted(text)[1:-1]


def _build_command(folder: Path, here: bool) -> str:
    """The build to run next, with the command as it was run: Hanna ran the README's
    `.venv/bin/newsletter init ...` and was told `cd lesen && newsletter build`, which her shell
    did not know (the venv was never activated). A `newsletter` on PATH is named as before."""
    ran = sys.argv[0] if os.path.basename(sys.argv[0]) == "newsletter" else ""
    on_path = shutil.which("newsletter")
    if not ran or (on_path and os.path.exists(ran) and os.path.samefile(on_path, ran)):
        return "newsletter build" if here else f"cd {folder} && newsletter build"
    return f"{shlex.quote(ran)} build" + ("" if here else f" -w {shlex.quote(str(folder))}")


def next_steps(
    folder: Path,
    paths: list[Path] = (),
    editor_setups=(),
    author_named: bool = True,
    language: str | None = None,
    zoned: bool = False,
    given: list[str] = (),
) -> str:
    """What `init` tells the author to do next (without --author, to put their name where init
    wrote "Me": a name only in `from` left every email signed "Cheers, Me"; without --language,
    to set it; with one init has no words in, what to write in it). `given`: the options of a
    new workspace's settings the author gave ("timezone"), which an existing one leaves unused."""
    here = folder.resolve() == Path.cwd().resolve()
    named = folder.resolve() if here else folder  # "in ." reads as nothing (or as "..")
    # (a vault's own app.json is kept in a new workspace made in the vault as well)
    kept = "obsidian" in editor_setups and folder / ".obsidian/app.json" not in paths
    advice = (editors.kept_vault_advice(folder) if kept else None) or ""
    if editor_setups and folder / SETTINGS_FILE not in paths:
        added = f"Added the {' and '.join(editor_setups)} set-up to {named}."
        return "\n".join(filter(None, [added, _unused(given, folder), _kept_schemas(folder, paths), advice]))
    return (
        f"New workspace in {named}. Next: fill in [email] (from, to) and [links] (unsubscribe) in "
        f"{folder / SETTINGS_FILE}"
        + ("" if author_named else ', your name as `author` and in `signoff` there (init wrote "Me")')
        + (
            ", [site] in it for the Hugo site in this folder, which the posts go into (`section`: the folder "
            "your blog lists posts from, `posts` unless set), "
            if settings_files(folder)  # init's own site is in site/: a Hugo site here is the author's
            else f", your site's address as baseURL in {folder / 'site' / 'hugo.toml'} "
            "(or, to post into a Hugo blog you have, its folder as `path` in [site]), "
        )
        # init's English and UTC, which a French author met only in his first edition
        + (_language_and_zone(language, zoned, folder if settings_files(folder) else None))
        + "replace the sample entry with your own, then: "
        + _build_command(folder, here)
        + (f"\n{advice}" if advice else "")
    )
