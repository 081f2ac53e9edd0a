"""A post's slug, from its title: lower-case ASCII words, parted where a script without ASCII
spelling (2026年11月) stands between them, and every Latin title slugged as it always was."""

import pytest

from newsletter.formats.slugs import slugify

from helpers import slugged_before


@pytest.mark.parametrize(
    "title",
    [
        "What I read in Hawaiʻi",  # the ʻokina, a letter of Hawaiian words: 'Oʻahu' too
        "Mes lectures d’avril",
        "ʼn Boek oor Afrikaans en ŉ ander",  # (ŉ is ʼn to NFKD)
        "Café Crème & Éclairs",
        "Äpfel, Öl und Übermut",  # German umlauts stay a, o, u (not ae, oe, ue): every German slug would move
    ],
)
def test_a_latin_title_is_slugged_as_it_always_was(title):
    """An author's existing post keeps its address only if its title gives the slug it gave:
    'Hawaiʻi' became hawai-i, its ʻokina (a modifier letter, with no ASCII spelling) read as
    a space, when the new rule was meant for scripts written without them."""
    assert slugify(title) == slugged_before(title)


@pytest.mark.parametrize(
    "title, slugged",
    [("2026年11月に読んだもの", "2026-11"), ("JAX・TPU入門", "jax-tpu"), ("LLM「LLM-jp-4」公開", "llm-llm-jp-4")],
)
def test_words_written_without_spaces_are_parted(title, slugged):
    assert slugify(title) == slugged


@pytest.mark.parametrize(
    "title, slugged",
    [
        ("Große Bücher", "grosse-bucher"),
        ("Was ich im Mai las: Straße, Größe", "was-ich-im-mai-las-strasse-grosse"),
        ("Łódź, Ærø og Tromsø", "lodz-aero-og-tromso"),
        ("Café Crème & Œuvres", "cafe-creme-oeuvres"),
        ("Þórr and Ðe", "thorr-and-de"),
        ("Kırmızı Kitaplar ve İstanbul", "kirmizi-kitaplar-ve-istanbul"),  # Turkish dotless ı was dropped: krmz
        ("Ħal Qormi u Ħamrun", "hal-qormi-u-hamrun"),  # Maltese ħ
        ("Ŧeahkká", "teahkka"),  # Northern Sami ŧ
    ],
)
def test_latin_letters_nfkd_leaves_whole_are_spelled_not_dropped(title, slugged):
    """'Große Bücher' was slugged groe-bucher, 'Bøger' bger: a letter NFKD does not decompose
    was dropped, and the address read as a typo. It is spelled as its language writes it without
    the letter (ß as ss); a post published at the old slug keeps it (test_cli.py)."""
    assert slugify(title) == slugged
    assert slugify(title, spelled=False) == slugged_before(title)  # what a published post's address came from


@pytest.mark.parametrize(
    "title, slugged",
    [
        (
            "Det jag läste den här veckan (30 november–6 december 2026)",
            "det-jag-laste-den-har-veckan-30-november-6-december-2026",
        ),
        (
            "Det jeg leste denne uken (28. desember–3. januar 2027)",
            "det-jeg-leste-denne-uken-28-desember-3-januar-2027",
        ),
        ("Lesejahre 2020–2021", "lesejahre-2020-2021"),
        ("Sachbuch—Roman", "sachbuch-roman"),
    ],
)
def test_a_dash_parts_words_as_a_hyphen_does(title, slugged):
    """init --language sv, da, nb title a week "({start}–{end} {year})", the en dash unspaced as
    those languages write a range: its post went to /posts/…-30-november6-december-2026/, the
    dash dropped and the day run into the month before it. A post published there keeps it
    (test_cli.py)."""
    assert slugify(title) == slugged
