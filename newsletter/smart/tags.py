"""Near-duplicate tags across the log ("ml", "machine-learning", "Machine Learning").

By spelling alone (no extra needed): the same letters once case, spaces, hyphens and
underscores are ignored; singular and plural; British and American spelling one letter
apart; an acronym and the words it stands for. With the smart extra, by meaning too: tags
whose embeddings are nearly the same. The suggested canonical tag is the most used spelling
(ties: the lowercase, hyphenated, longer one).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from newsletter.fields import Problem
from newsletter.formats import entry_text
from newsletter.models import LARGEST_ENTRY_FILE
from newsletter.smart.tokens import SPACE
from newsletter.workspace import regular_bytes

MEANING = 0.72  # cosine above which two tags mean the same to the model
BLOCK = 1 << 22  # pairs of tags compared at once (16 MB of them)


@dataclass
class TagGroup:
    canonical: str
    variants: dict[str, int]  # every spelling -> how many entries use it
    how: str  # "spelling" | "meaning"

    def message(self, tag: str | None = None) -> str:
        listed = ", ".join(f"'{t}' ×{count}" for t, count in self.variants.items())
        if tag:
            return (
                f"tag '{tag}' looks like '{self.canonical}' (by {self.how}; in the log: {listed}); "
                f"use '{self.canonical}'"
            )
        return f"tags {listed} look like one tag (by {self.how}); use '{self.canonical}' everywhere"


def log_tags(entries_dir: Path) -> Counter:
    """How many entries use each tag, read from the `tags:` lines of every entry (fast: no full parse)."""
    from newsletter.smart.copies import left_out

    found = _tags(entries_dir)
    names: dict[Path, set[str]] = {}
    for path in found:
        names.setdefault(path.parent, set()).add(path.name)
    counts: Counter = Counter()
    for path, tags in found.items():
        # a sync client's copy of an entry beside it, which the builds leave out: new user 52's
        # `talk (1).md` and conflicted copies counted their tags again, a tag of one entry as three
        if not left_out(path.parent, path.name, names[path.parent]):
            counts.update(tags)
    return counts


def _tags(entries_dir: Path) -> dict[Path, set[str]]:
    """Each entry file's tags."""
    found: dict[Path, set[str]] = {}
    for path in entries_dir.rglob("*.md"):
        if path.name.startswith(("_", ".")):  # as read.is_entry_name
            continue
        if any(part.startswith(".") for part in path.relative_to(entries_dir).parts[:-1]):
            continue  # in .trash/ or .obsidian/: deleted or an editor's, never an entry
        # (a regular file no larger than an entry may be: a FIFO named talk.md, which the builds
        # name and pass by, had check wait for a writer for ever here)
        if (data := regular_bytes(path, LARGEST_ENTRY_FILE)) is None:
            continue
        try:  # as every entry is read: Notepad's "Unicode" (UTF-16) too, whose tags counted none
            text = entry_text.decoded(data).removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        except Problem:
            continue
        head = re.match(r"---[ \t]*\r?\n(.*?)^---[ \t]*$", text, re.S | re.M)
        found[path] = _tags_line(head[1]) if head else set()
    return found


def _tags_line(head: str) -> set[str]:
    found = re.search(r"^tags[ \t]*:(.*(?:\r?\n[ \t]+-.*)*)", head, re.M)
    if not found:
        return set()
    try:
        tags = yaml.safe_load(found[1].strip()) if found[1].strip() else []
    except (yaml.YAMLError, RecursionError):  # (`tags: [[[…` 100,000 deep: the entry's own error, said by check)
        return set()
    if isinstance(tags, str | int | float):  # `tags: ml`, or `tags: 2021`, one tag
        tags = [tags]
    elif not isinstance(tags, list):  # `tags: {a: b}`: the entry's own error, said by check
        return set()
    return {str(tag).strip() for tag in tags or [] if isinstance(tag, str | int) and str(tag).strip()}


def key(tag: str) -> str:
    # (a capital İ's small letter is i and a combining dot, U+0307, by Unicode's mapping of no
    # language in particular: dropped, 'İstanbul' is 'istanbul' as 'Python' is 'python'; and in
    # its compatibility form, NFKC: a Japanese keyboard's full-width 'ＭＬＯｐｓ' is 'MLOps', which
    # Hugo makes another tag page, /tags/ｍｌｏｐｓ/, and half-width 'ﾃﾞｰﾀ' is 'データ')
    word = re.sub(r"[\s_\-.]+", "", unicodedata.normalize("NFKC", tag).lower().replace("i\u0307", "i"))
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def acronym(tag: str) -> str | None:
    words = [w for w in re.split(r"[\s_\-]+", tag.lower()) if w]
    return "".join(w[0] for w in words) if len(words) > 1 else None


def _spelled_out(tokenizer, tag: str) -> bool:
    """Whether the model knows `tag` only letter by letter, as it knows Arabic, Hebrew or Greek
    words: it then means nothing to it, and any two such tags of one script share letters enough
    to look alike (an Arabic log's 'رواية', novel, looked like 'إتاحة', accessibility, at 0.75).
    A piece of two letters or an ideograph ('学') is a word to it, and so are Latin letters alone
    ('▁m', 'l' of 'ml'), but not where some of them are letters it knows no word of: Turkish 'ışık'
    (light) is '▁', 'ı', 'ş', 'ı', 'k' to it, and looked like 'ıssızlık' (loneliness) by meaning."""
    pieces = tokenizer.inverse()
    ids = tokenizer.ids(re.sub(r"[_\-]+", " ", tag.lower()))
    letters = [letters for i in ids if (letters := pieces[i].lstrip(SPACE)) and not pieces[i].startswith("<0x")]
    if any(len(piece) > 1 or piece >= "\u1100" for piece in letters):
        return False
    return not letters or not all(piece.isascii() for piece in letters)


def _words(tag: str) -> set[str]:
    return {key(word) for word in re.split(r"[\s_\-]+", tag) if word}


def _one_within(a: str, b: str) -> bool:
    """Whether one tag is the other's words and more ('dados' and 'ciência-de-dados', 'statistics'
    and 'bayesian-statistics'): the model's vector of a phrase is the mean of its words', so each
    of them is near it (0.73, 0.80), and new user 43 was told to write 'dados' for his data
    science. They are a topic and a narrower one, not two spellings of one tag."""
    words_a, words_b = _words(a), _words(b)
    return words_a != words_b and (words_a < words_b or words_b < words_a)


def near_duplicates(counts: dict[str, int], meaning: bool | None = None) -> list[TagGroup]:
    """Groups of tags that look like one; by meaning too when `meaning` (default: if the extra is installed)."""
    from newsletter import smart

    tags = sorted(counts)
    parent = {tag: tag for tag in tags}
    how = {}

    def join(a: str, b: str, why: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra
            how[ra] = how.get(ra) or how.get(rb) or why

    def find(tag: str) -> str:
        while parent[tag] != tag:
            parent[tag] = tag = parent[parent[tag]]  # (halving the path: chains of thousands of alike tags)
        return tag

    by_key: dict[str, str] = {}
    for tag in tags:
        k = key(tag)
        if k in by_key:
            join(by_key[k], tag, "spelling")
        by_key.setdefault(k, tag)
    for tag in tags:  # Turkish's capital of ı is I: 'Işık' is 'ışık' (light), no word 'işık'
        if "I" in tag and (turkish := key(tag.replace("I", "ı"))) in by_key:
            join(by_key[turkish], tag, "spelling")
    keys = sorted(by_key)
    for tag in tags:
        short = acronym(tag)
        if short and short in by_key and len(short) >= 2:
            join(by_key[short], tag, "spelling")
    for a, b in zip(keys, keys[1:], strict=False):  # neighbours in order: one letter apart
        if len(a) >= 6 and len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1:
            join(by_key[a], by_key[b], "spelling")
    if (smart.available() if meaning is None else meaning) and len(tags) > 1:
        from newsletter.smart.model import model

        known = [tag for tag in tags if not _spelled_out(model().tokenizer, tag)]
        vectors = model().embed([re.sub(r"[_\-]+", " ", tag.lower()) for tag in known])
        # a block of tags at a time against all: every pair at once held 333 MB for 8,000 tags
        # (a Pinboard import's), and 50,000 would have been 12 GB, in every `check`
        step = max(1, BLOCK // len(known))
        for start in range(0, len(known), step):
            close = vectors[start : start + step] @ vectors.T
            for i, j in zip(*(close > MEANING).nonzero(), strict=True):
                a, b = known[start + i], known[j]
                # (a pair of one group already is passed over first: 2,000 tags 'garden-1'… alike
                # were four million pairs, each read word by word, for minutes)
                if start + i < j and find(a) != find(b) and not _one_within(a, b):
                    join(a, b, "meaning")
    groups: dict[str, list[str]] = {}
    for tag in tags:
        groups.setdefault(find(tag), []).append(tag)
    found = []
    for root, members in groups.items():
        if len(members) > 1:
            # (a tie: the spelling in its compatibility form, 'MLOps' before 'ＭＬＯｐｓ', then the lowercase one…)
            best = max(
                members,
                key=lambda t: (counts[t], unicodedata.normalize("NFKC", t) == t, t == t.lower(), "-" in t, len(t), t),
            )
            variants = {t: counts[t] for t in sorted(members, key=lambda t: (-counts[t], t))}
            found.append(TagGroup(best, variants, how.get(root, "spelling")))
    return sorted(found, key=lambda group: group.canonical.lower())
