"""`newsletter init`'s sample entry, its notes in the log's language (`init --language`).

The sample builds at once and `send` refuses it: it is known by its first sentence, in any of
its languages (delivery/readiness.py).
"""

from __future__ import annotations

import datetime as dt

from newsletter.formats.language_tag import regional
from newsletter.formats.wording import language_of

SAMPLE_NOTE = "A sample entry: one file per thing you read."  # `init`'s sample; `send` refuses it

SAMPLE_ENTRY = """\
---
type: article
url: https://www.markdownguide.org/getting-started/
date: {date}
title: "Getting Started with Markdown"
authors: [Matt Cone]
tags: [writing]
---
{notes}
"""

# The sample's notes in the log's language (`init --language`), as (its first sentence, by which
# `send` knows the sample in any of them, the rest); a language not here has the English.
SAMPLE_NOTES = {
    "en": (
        SAMPLE_NOTE,
        "Write your notes in **Markdown**; they become\nthe paragraph under the link. Run "
        "`newsletter new article URL` to start the next one.\nDelete this file before you send an edition: "
        "`send` refuses one that still holds it.",
    ),
    "de": (
        "Ein Beispieleintrag: eine Datei für alles, was du liest.",
        "Schreib deine Notizen in **Markdown**; sie werden\nzum Absatz unter dem Link. Mit "
        "`newsletter new article URL` beginnst du den nächsten.\nLösch diese Datei, bevor du eine Ausgabe "
        "verschickst: `send` verweigert eine, die sie noch enthält.",
    ),
    "fr": (
        "Une entrée d’exemple\u00a0: un fichier par chose lue.",
        "Écrivez vos notes en **Markdown**\u00a0; elles deviennent\nle paragraphe sous le lien. Lancez "
        "`newsletter new article URL` pour commencer la suivante.\nSupprimez ce fichier avant d’envoyer une "
        "édition\u00a0: `send` refuse une édition qui le contient encore.",
    ),
    "es": (
        "Una entrada de ejemplo: un archivo por cada cosa que lees.",
        "Escribe tus notas en **Markdown**; se convierten\nen el párrafo bajo el enlace. Ejecuta "
        "`newsletter new article URL` para empezar la siguiente.\nBorra este archivo antes de enviar una "
        "edición: `send` rechaza una que todavía lo contenga.",
    ),
    "it": (
        "Una voce di esempio: un file per ogni cosa che leggi.",
        "Scrivi le tue note in **Markdown**; diventano\nil paragrafo sotto il link. Esegui "
        "`newsletter new article URL` per iniziare la prossima.\nElimina questo file prima di inviare un "
        "numero: `send` rifiuta un numero che lo contiene ancora.",
    ),
    "pt": (
        "Uma entrada de exemplo: um arquivo para cada coisa que você lê.",
        "Escreva suas notas em **Markdown**; elas viram\no parágrafo abaixo do link. Rode "
        "`newsletter new article URL` para começar a próxima.\nApague este arquivo antes de enviar uma "
        "edição: `send` recusa uma edição que ainda o contenha.",
    ),
    "nl": (
        "Een voorbeelditem: één bestand per ding dat je leest.",
        "Schrijf je notities in **Markdown**; ze worden\nde alinea onder de link. Begin het volgende met "
        "`newsletter new article URL`.\nVerwijder dit bestand voordat je een editie verstuurt: `send` "
        "weigert een editie waar het nog in staat.",
    ),
    "sv": (
        "En exempelpost: en fil för varje sak du läser.",
        "Skriv dina anteckningar i **Markdown**; de blir\nstycket under länken. Kör "
        "`newsletter new article URL` för att börja på nästa.\nTa bort den här filen innan du skickar ett "
        "nummer: `send` vägrar skicka ett som fortfarande innehåller den.",
    ),
    "da": (
        "En eksempelpost: én fil for hver ting, du læser.",
        "Skriv dine noter i **Markdown**; de bliver til\nafsnittet under linket. Kør "
        "`newsletter new article URL` for at begynde på den næste.\nSlet denne fil, før du sender en "
        "udgave: `send` afviser en udgave, der stadig indeholder den.",
    ),
    "nb": (
        "En eksempeloppføring: én fil for hver ting du leser.",
        "Skriv notatene dine i **Markdown**; de blir\navsnittet under lenken. Kjør "
        "`newsletter new article URL` for å begynne på den neste.\nSlett denne filen før du sender en "
        "utgave: `send` nekter å sende en som fortsatt inneholder den.",
    ),
    "ja": (
        "サンプルの記録です。読んだもの一つにつき、ファイルを一つ作ります。",
        "メモは **Markdown** で書きます。リンクの下の段落になります。\n次の記録は "
        "`newsletter new article URL` で始めます。\n号を送る前にこのファイルを削除してください。"
        "`send` はこのファイルが残っている号を送りません。",
    ),
    "zh": (
        "示例条目：每读一样东西，写一个文件。",
        "用 **Markdown** 写笔记，它会成为链接下方的段落。\n运行 `newsletter new article URL` 开始写下一条。\n"
        "发送一期之前请删除此文件：`send` 不会发送仍包含它的一期。",
    ),
    "ko": (
        "예시 항목입니다. 읽은 것 하나마다 파일을 하나씩 만듭니다.",
        "메모는 **Markdown**으로 쓰며, 링크 아래의 문단이 됩니다.\n다음 항목은 "
        "`newsletter new article URL`로 시작하세요.\n호를 보내기 전에 이 파일을 지우세요. "
        "`send`는 이 파일이 남아 있는 호를 보내지 않습니다.",
    ),
    "ar": (
        "مدخل نموذجي: ملف واحد لكل ما تقرؤه.",
        "اكتب ملاحظاتك بتنسيق **Markdown**؛ فتصير\nالفقرة تحت الرابط. شغّل "
        "`newsletter new article URL` لتبدأ المدخل التالي.\nاحذف هذا الملف قبل أن ترسل عدداً: "
        "يرفض `send` إرسال عدد ما زال يحتويه.",
    ),
}


# A region's own, as REGIONAL_PLACEHOLDERS: Portugal's ("ficheiro", where Brazil's is "arquivo")
REGIONAL_SAMPLE_NOTES = {
    ("pt", "pt"): (
        "Uma entrada de exemplo: um ficheiro por cada coisa que lê.",
        "Escreva as suas notas em **Markdown**; tornam-se\no parágrafo por baixo da ligação. Execute "
        "`newsletter new article URL` para começar a seguinte.\nApague este ficheiro antes de enviar uma "
        "edição: `send` recusa uma edição que ainda o contenha.",
    )
}


def sample_entry(day: dt.date, language: str = "en") -> str:
    """`init`'s sample entry, dated `day`, its notes in `language` (a tag: "pt-PT" is Portugal's)
    or else in English."""
    known = language_of(language)
    first, rest = regional(REGIONAL_SAMPLE_NOTES, language, known) or SAMPLE_NOTES.get(known, SAMPLE_NOTES["en"])
    # Japanese and Chinese put no space after their full stop ("作ります。メモは")
    space = "" if first.endswith(("。", "：")) else " "
    return SAMPLE_ENTRY.format(date=day.isoformat(), notes=f"{first}{space}{rest}")


def is_sample(notes: str) -> bool:
    """Whether `notes` are `init`'s sample's, in whichever language."""
    return any(first in notes for first, _ in (*SAMPLE_NOTES.values(), *REGIONAL_SAMPLE_NOTES.values()))
