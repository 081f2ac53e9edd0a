"""Workspace settings: `newsletter.toml`, read once, validated, with defaults for all but the name."""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from newsletter.errors import NewsletterError
from newsletter.formats import built_days, language_tag, merge_conflicts, setting_links, title_patterns, wording
from newsletter.formats.dates_in_words import LANGUAGES, month_language
from newsletter.formats.shown_paths import shown  # noqa: F401 (messages everywhere name paths by it)
from newsletter.models import Period
from newsletter.workspace import SETTINGS_FILE, as_written, misplaced_settings, nearest, toml_values, unknown_settings


@dataclass
class Links:
    subscribe: str = ""
    website: str = ""
    social: str = ""  # where readers can reply, e.g. a Twitter/Mastodon profile
    social_name: str = "Twitter"
    support: str = ""  # Patreon, GitHub Sponsors, Ko-fi...
    support_name: str = "Patreon"
    unsubscribe: str = ""  # the list service's unsubscribe URL (or its merge tag)


@dataclass
class Site:
    path: str = "site"
    section: str = "posts"
    category: str = "what I read"
    front_matter: str = "toml"  # toml | yaml
    monthly_title: str = "What I read in {month} {year}"
    weekly_title: str = "What I read this week ({start} - {end})"
    yearly_title: str = "My year in reading, {year}"
    date_language: str = "en"  # the month names in those titles: en, de, de-AT, fr, es, it, pt, nl, sv, da, nb, ja…
    shortcodes: bool = False  # true: Hugo shortcodes in your own notes run; else they show as typed
    base_url: str = ""  # where the site is published; default: baseURL of the Hugo site's hugo.toml (or config.toml…)
    feed_entries: int = 50  # entries in the log's feed (site/static/feeds/)
    feed_editions: int = 10  # editions in the editions feed, each in full...
    feed_editions_kb: int = 1024  # ...while their HTML stays under this (the newest always in)


@dataclass
class Email:
    sender: str = ""  # "Name <address>"
    to: str = ""  # the list address
    reply_to: str = ""
    list_unsubscribe_mailto: str = ""
    # An RFC 8058 one-click endpoint (https, takes a POST), not a landing page: only then is
    # List-Unsubscribe-Post added. `{email}` in it is filled with each recipient's address.
    list_unsubscribe: str = ""
    list_id: str = ""  # List-Id; default: the name as a label on the From domain
    view_in_browser: bool = True  # a "View in your browser" link to the edition's page on the site
    max_html_kb: int = 90  # Gmail clips at ~102 KB
    text_links: str = "references"  # plain-text links: "references" (numbered list) or "inline"


@dataclass
class Fetch:
    timeout: float = 10.0
    # requests in flight: a month's links are on many hosts, each held to `per_host`, so this is
    # what lets every host's first requests leave at once (as in a browser: 256)
    concurrency: int = 256
    per_host: int = 6  # as browsers do: polite to any one site
    max_bytes: int = 2_000_000
    max_age_days: int = 30
    allow_private_addresses: bool = False


@dataclass
class Send:
    """Delivery to the list. Secrets are never stored here: only the names of the
    environment variables that hold them."""

    via: str = "smtp"  # smtp | buttondown | listmonk
    test_address: str = ""  # where `send --test` goes by default: the author
    smtp_host: str = "localhost"
    smtp_port: int = 587
    smtp_security: str = "starttls"  # starttls | tls | none
    smtp_username_env: str = "SMTP_USERNAME"
    smtp_password_env: str = "SMTP_PASSWORD"
    smtp_recipients: str = "list"  # "list": one message to [email] to; or a file of addresses, one per line
    buttondown_url: str = "https://api.buttondown.com/v1"
    buttondown_api_key_env: str = "BUTTONDOWN_API_KEY"
    listmonk_url: str = ""
    listmonk_username_env: str = "LISTMONK_USERNAME"
    listmonk_password_env: str = "LISTMONK_TOKEN"
    listmonk_list_ids: list = field(default_factory=list)
    listmonk_template_id: int = 0  # 0: listmonk's default; better, a template that is just the content
    timeout: float = 30.0  # seconds per HTTP request or SMTP command
    retries: int = 3  # retries after a 429, a 5xx or a dropped connection, where repeating is safe
    # DKIM signing of SMTP sends: the key comes from a file or an environment variable, never from here.
    dkim_domain: str = ""  # d=, the From domain or its parent
    dkim_selector: str = ""  # s=, the key is published at <selector>._domainkey.<domain>
    dkim_private_key_file: str = ""  # a PEM file, relative to the workspace
    dkim_private_key_env: str = "DKIM_PRIVATE_KEY"  # or the PEM itself in this environment variable
    dns_server: str = ""  # `newsletter doctor` asks this DNS server (host or host:port), not the system's


@dataclass
class Capture:
    """`newsletter capture`: the local endpoint the bookmarklet posts to (127.0.0.1 only)."""

    port: int = 8767


@dataclass
class Archive:
    """Web archive copies of the links (`newsletter archive`): a Wayback-compatible archive.
    The keys are read from the environment variables named here, never from this file."""

    on_build: bool = False  # true: `build` archives the edition's links too (never waits minutes)
    within_days: int = 30  # an existing capture this close to the entry's date will do
    email: str = "dead"  # archived-copy links in the email: none | dead | all
    dead_after_days: int = 3  # `check` must see a link gone twice, this many days apart
    availability_url: str = "https://archive.org/wayback/available"
    timemap_url: str = "https://web.archive.org/web/timemap/link/"
    save_url: str = "https://web.archive.org/save"  # SPN2; its jobs at <save_url>/status/<job id>
    snapshot_url: str = "https://web.archive.org/web/"  # + <timestamp>/<url>: a capture's address
    access_key_env: str = "IA_ACCESS_KEY"
    secret_key_env: str = "IA_SECRET_KEY"
    concurrency: int = 8  # lookups in flight (availability API, TimeMap)
    captures: int = 3  # captures in flight: Save Page Now allows a few at a time per account
    timeout: float = 20.0  # seconds per request
    wait_seconds: float = 120.0  # the longest `newsletter archive` takes; what is left waits for the next run
    build_wait_seconds: float = 20.0  # the same inside `build`, which must never wait minutes
    poll_seconds: float = 5.0  # between two looks at a capture job
    max_retry_after: float = 10.0  # a longer Retry-After leaves the link for the next run


@dataclass
class Smart:
    """The local model (the smart extra). Off by default, so the same entries give the same
    outputs whether or not the extra is installed."""

    previously: bool = False  # a "Previously in this log" line under an entry with a close earlier one
    previously_threshold: float = 0.8  # how close (cosine, 0-1) an earlier entry must be


@dataclass
class Imports:
    """`import --from SERVICE`: where each service's API is, and the names of the environment
    variables holding its token (tokens are never stored here)."""

    readwise_url: str = "https://readwise.io/api/v2"
    readwise_token_env: str = "READWISE_TOKEN"
    raindrop_url: str = "https://api.raindrop.io/rest/v1"
    raindrop_token_env: str = "RAINDROP_TOKEN"
    hypothesis_url: str = "https://api.hypothes.is/api"
    hypothesis_token_env: str = "HYPOTHESIS_TOKEN"
    linkding_url: str = ""  # your instance, like https://links.example.org
    linkding_token_env: str = "LINKDING_TOKEN"
    zotero_url: str = "https://api.zotero.org"
    zotero_library: str = ""  # users/1234567 or groups/98765 (zotero.org/settings/keys shows your id)
    zotero_token_env: str = "ZOTERO_API_KEY"
    timeout: float = 30.0
    retries: int = 3  # after a 429 (honouring Retry-After), a 5xx or a dropped connection


@dataclass
class Settings:
    root: Path
    name: str = ""  # required: `load` says to set it (a default, so its type is checked like the rest)
    author: str = ""
    language: str = "en"
    timezone: str = "UTC"
    cadence: str = "monthly"  # or "weekly": the edition a command means without a PERIOD
    week_start: str = "monday"
    greeting: str = "Hello!"
    signoff: str = "Cheers"
    links: Links = field(default_factory=Links)
    site: Site = field(default_factory=Site)
    email: Email = field(default_factory=Email)
    fetch: Fetch = field(default_factory=Fetch)
    send: Send = field(default_factory=Send)
    capture: Capture = field(default_factory=Capture)
    archive: Archive = field(default_factory=Archive)
    imports: Imports = field(default_factory=Imports)
    smart: Smart = field(default_factory=Smart)
    wording: dict = field(default_factory=dict)  # [wording]: phrases in the author's words (formats/wording.py)

    def today(self) -> dt.date:
        """Today where the author is (`timezone`), which dates what they read: the machine's clock
        may be elsewhere (a server in UTC is already in tomorrow at 9 pm in New York)."""
        from zoneinfo import ZoneInfo  # checked when the settings were loaded

        return dt.datetime.now(ZoneInfo(self.timezone)).date()

    def period(self, text: str | None, today: dt.date | None = None) -> Period:
        """PERIOD as given, or without one the current edition: this month, or with
        `cadence = "weekly"` this week (starting on `week_start`), as of `today()`; "last", the
        edition before that one."""
        today = today or self.today()  # the edition the author is in, not the machine's clock's
        if text and text.strip().lower() == "last":
            # the one before the current edition: a cron job at 00:00 on Monday (or the 1st) means
            # the week (or month) that just ended, and without a PERIOD got the one just begun
            return self.period(None, self.period(None, today).start - dt.timedelta(days=1))
        span = (
            Period.week_of(today, self.week_start)
            if not text and self.cadence.lower() == "weekly"
            else Period.parse(text, self.week_start, today, Period.help_last)
        )
        return built_days.as_built(span, self.dist_dir, self.week_start, self.state_dir / "ledger")  # its own days

    @property
    def entries_dir(self) -> Path:
        return self.root / "entries"

    @property
    def site_dir(self) -> Path:
        return self.root / Path(self.site.path).expanduser()  # "~/blog" is the home folder's, as in a shell

    @property
    def dist_dir(self) -> Path:
        return self.root / "dist"

    @property
    def state_dir(self) -> Path:
        return self.root / ".newsletter"


# The tables after [newsletter], a dataclass each: `load` and the settings schema read them here.
TABLES = {
    "links": Links,
    "site": Site,
    "email": Email,
    "fetch": Fetch,
    "send": Send,
    "capture": Capture,
    "archive": Archive,
    "imports": Imports,
    "smart": Smart,
}
RENAMED = {("email", "from"): "sender"}  # TOML key -> field, where the key is a Python keyword
KEYS = {  # each table's keys as written in the file (`from`), [newsletter]'s without the other tables
    table: sorted(
        {v: k for (_, k), v in RENAMED.items()}.get(f.name, f.name)
        for f in fields(kind)
        if f.name not in {"root", "wording", *TABLES}
    )
    for table, kind in {"newsletter": Settings, **TABLES}.items()
} | {"wording": []}  # [wording]: a table whose keys, the phrases, wording.checked checks


def counted(number: int, one: str, many: str | None = None) -> str:
    """A count as messages show it: '1 entry', '3 entries', '1 link', '8 links'."""
    if number == 1:
        return f"1 {one}"
    return f"{number} {many or (one[:-1] + 'ies' if one.endswith('y') else one + 's')}"


def kb(size: int) -> str:
    """`size` bytes as `send` and the doctor both say it: to a tenth of a KB, rounded up. The doctor
    rounded and `send` cut, so Sam read "the HTML is 48 KB" and then "HTML 47 KB"; then the doctor
    said a size over a limit to a tenth, up ("102 KB, over 102 KB" is no news) and `send`'s dry run
    the same HTML in whole KB: 102.3 KB, and 102 KB a line later. Up, so nothing over a limit is
    said as the limit."""
    return f"{-(-size * 10 // 1024) / 10:.1f} KB"


def find_root(start: Path) -> Path:
    """The workspace holding `start`: the nearest folder upwards with a settings file."""
    found = nearest(str(start))
    if found is not None:
        return Path(found)
    raise NewsletterError(
        f"No {SETTINGS_FILE} in {start.resolve()} or any folder above it. "
        "Run this inside a workspace, pass --workspace DIR, or create one with `newsletter init DIR`."
    )


_LOADED: dict | None = None  # keep_loaded's: the settings last loaded in each folder, with their text


def keep_loaded() -> None:
    """From now on, for the life of this process, `load` gives the settings it loaded last in the
    same folder from the same text: the waiting process of a build at a terminal parsed the file
    for the edition made ahead at each save and again for the build after, half a millisecond
    each on the path of a build typed at the save. Nothing changes a Settings once loaded."""
    global _LOADED
    _LOADED = {}


def load(root: Path) -> Settings:
    path = root / SETTINGS_FILE
    try:
        text = path.read_text(encoding="utf-8-sig")  # a Windows editor's BOM too
        where = os.path.abspath(root)  # (a relative root is another folder elsewhere)
        if _LOADED is not None and _LOADED.get(where, (None,))[0] == text:
            return _LOADED[where][1]
        raw = toml_values(text)
    except FileNotFoundError:
        raise NewsletterError(f"{path} does not exist; create it with `newsletter init`.")
    except OSError as error:
        raise NewsletterError(f"{path}: cannot read it ({error.strerror or error}).")
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        if isinstance(error, tomllib.TOMLDecodeError) and (
            conflict := merge_conflicts.conflict_lines(path.read_text(encoding="utf-8-sig"))
        ):  # a `git pull` of settings both clones changed: "Invalid statement" was no lead
            raise NewsletterError(f"{path}:{conflict[0]}: {merge_conflicts.advice(*conflict)}.")
        raise NewsletterError(f"{path}: {error}. Fix the TOML syntax and run again.")
    except RecursionError:  # `x = [[[…` 100,000 deep: TOML that Python's parser cannot nest (or `a.a.…`)
        raise NewsletterError(
            f"{path}: its values nest deeper than Python reads; remove the deeply nested part and run again."
        ) from None
    if misplaced := misplaced_settings(path, raw, KEYS):  # a key above [newsletter], a table's typo
        raise NewsletterError(misplaced)
    top = raw.pop("newsletter", {})
    values = {name: _table(path, name, cls, raw.pop(name, {})) for name, cls in TABLES.items()} | {
        "wording": wording.checked(path, raw.pop("wording", {}), CONTROL_CHARACTERS, str(top.get("language", "en")))
    }
    settings = _table(path, "newsletter", Settings, {"root": root, **top, **values})
    if not settings.name:
        raise NewsletterError(f"{path}: set `name` in [newsletter], the newsletter's name.")
    _check_values(path, settings)
    if _LOADED is not None:
        _LOADED[where] = (text, settings)
    return settings


_KINDS = {  # what a value should be, as the author writes it in TOML ("a int" said the type)
    int: "a whole number (no quotes)",
    float: "a number (no quotes)",
    bool: "true or false (no quotes)",
    str: "text in quotes",
}


# Settings that take one of a few words, checked when the file is read, not when first used.
CHOICES = {
    ("newsletter", "cadence"): ("monthly", "weekly"),
    ("newsletter", "week_start"): Period.weekdays,
    ("site", "front_matter"): ("toml", "yaml"),
    ("email", "text_links"): ("references", "inline"),
    ("send", "smtp_security"): ("starttls", "tls", "none"),
    ("archive", "email"): ("none", "dead", "all"),
}


# Numbers with bounds: a port past 65535 made a bookmarklet that never works (and a traceback).
RANGES = {("capture", "port"): (1, 65535), ("send", "smtp_port"): (1, 65535)}


def _check_values(path: Path, settings: Settings) -> None:
    for (table, key), allowed in CHOICES.items():
        value = getattr(settings if table == "newsletter" else getattr(settings, table), key)
        if str(value).lower() not in allowed:
            raise NewsletterError(f"{path}: [{table}] {key} = {value!r}; use one of {', '.join(allowed)}.")
    for (table, key), (low, high) in RANGES.items():
        value = getattr(getattr(settings, table), key)
        if not low <= value <= high:
            raise NewsletterError(f"{path}: [{table}] {key} = {value!r}; use a number from {low} to {high}.")
    if month_language(settings.site.date_language) is None:  # "fr-CA" reads "fr"
        raise NewsletterError(
            f"{path}: [site] date_language = {settings.site.date_language!r}; use one of {', '.join(LANGUAGES)}."
        )
    if wrong := language_tag.problem(settings.language):
        raise NewsletterError(f"{path}: {wrong}")
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(settings.timezone)
    except (ValueError, LookupError, OSError):  # ZoneInfoNotFoundError is a KeyError; "America" a folder
        raise NewsletterError(
            f"{path}: timezone = {settings.timezone!r} is not a time zone; "
            'use a name like "Europe/Berlin" or "America/New_York".'
        )
    for table, key in setting_links.KEYS:  # relative in an inbox: dead links, the unsubscribe one too
        if wrong := setting_links.problem(table, key, getattr(getattr(settings, table), key)):
            raise NewsletterError(f"{path}: {wrong}")
    from newsletter.mail_headers import address_problem, line_break  # email.* is slow: only when checking

    for table, key in ONE_LINE:
        owner = settings if table == "newsletter" else getattr(settings, table)
        value = getattr(owner, RENAMED.get((table, key), key))
        found = isinstance(value, str) and line_break(value)
        if found:
            raise NewsletterError(
                f"{path}: [{table}] {key} has a line break ({found}) in it; it goes into "
                "the email's headers, so write it on one line."
            )
        if (  # the name and the author are addresses only as the From: "Café @ home" is a name
            key in ADDRESSES
            and isinstance(value, str)
            and (table != "newsletter" or value == (settings.email.sender or settings.author or settings.name))
            and (wrong := address_problem(value))
        ):
            raise NewsletterError(f"{path}: [{table}] {key} {wrong}")
    if "PRIVATE KEY" in settings.send.dkim_private_key_file:
        raise NewsletterError(
            f"{path}: [send] dkim_private_key_file holds a key; keys never go in this file: "
            "name the key's file there, or put it in $" + settings.send.dkim_private_key_env + "."
        )
    ids = settings.send.listmonk_list_ids
    if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise NewsletterError(
            f"{path}: [send] listmonk_list_ids = {ids!r}; write the list ids as numbers, like [1, 3]."
        )
    for key in title_patterns.PLACEHOLDERS:
        if wrong := title_patterns.problem(key, getattr(settings.site, key)):
            raise NewsletterError(f"{path}: {wrong}")


# Settings that end up in a mail header (Subject, From, To, List-Unsubscribe...).
ONE_LINE = (
    ("newsletter", "name"),
    ("newsletter", "author"),  # the From without `from` in [email]
    ("site", "monthly_title"),
    ("site", "weekly_title"),
    ("site", "yearly_title"),
    ("email", "from"),
    ("email", "to"),
    ("email", "reply_to"),
    ("email", "list_unsubscribe_mailto"),
    ("links", "unsubscribe"),
    ("email", "list_unsubscribe"),
    ("email", "list_id"),
    ("send", "test_address"),  # the To of `send --test`
)
ADDRESSES = ("name", "author", "from", "to", "reply_to", "test_address")  # each may be the From or a To


def _table(path: Path, name: str, cls, raw: dict):
    known = {f.name for f in fields(cls)}
    raw = {RENAMED.get((name, key), key): value for key, value in raw.items()}
    if unknown := set(raw) - known:
        raise NewsletterError(unknown_settings(path, name, sorted(unknown), KEYS))
    for f in fields(cls):
        if f.name in raw and isinstance(f.default, (int, float, bool, str)) and f.default is not None:
            expected = type(f.default)
            value = raw[f.name]
            ok = isinstance(value, expected) or (expected is float and isinstance(value, int))
            if not ok or (expected is int and isinstance(value, bool)):
                raise NewsletterError(
                    f"{path}: [{name}] {f.name} should be {_KINDS[expected]}, not {as_written(value)}."
                )
    for key, value in raw.items():
        if isinstance(value, str) and (control := _CONTROL(value)):
            raise NewsletterError(
                f"{path}: [{name}] {key} holds an invisible control character "
                f"(U+{ord(control[0]):04X}, in TOML an escape like \\u{ord(control[0]):04x}); remove it."
            )
    return cls(**raw)


# C0 control characters other than tab and line breaks (which one-line settings and fields name),
# and the noncharacters U+FFFE and U+FFFF: TOML and YAML refuse them raw but not escaped
# ("\u0001"), and notes take anything pasted (a PDF's form feed). They show as nothing and are
# invalid in XML: MJML refused the whole email and the Atom feed broke. Settings holding one
# are refused; entries are read without them (fields.visible; DEL too, and C1 as cp1252).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0e-\x1b\x1f\ufffe\uffff]")
_CONTROL = CONTROL_CHARACTERS.search
