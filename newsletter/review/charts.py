"""The year's charts, drawn once with matplotlib: SVG for the blog, PNG (2x) for the email.

matplotlib is the `review` extra: its Agg renderer needs no system library and ships its own
font, so the PNG looks the same on every machine, and one drawing gives both formats. It is
imported here only, and only when a review is made. Every chart has an alt text that states
its numbers, and the SVG keeps its text as text, recoloured for dark mode by a small style.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass

from newsletter.formats.wording import Wording
from newsletter.review.stats import LABEL_CELLS, YearStats

WIDTH_PX = 600  # the email's content width
NAMES = ("entries-per-month", "top-sites", "top-tags")  # every chart's file stem, drawn or not
# One colour a type, told apart in a stacked bar: talk and video were two near-identical blues,
# book and "mine" two near-identical greys.
COLOURS = {
    "talk": "#0b5cad",
    "paper": "#8250df",
    "tool": "#1a7f37",
    "article": "#bc4c00",
    "podcast": "#bf3989",
    "video": "#1b7c83",
    "book": "#d4a72c",
    "course": "#9a6700",
    "thread": "#cf222e",
    "mine": "#57606a",
}
INK = "#1f2328"
DARK_MODE = (
    b"<style>@media (prefers-color-scheme: dark) { text { fill: #e6edf3 !important; } "
    b".axis path, .axis line, path.spine { stroke: #9da7b3 !important; } }</style>"
)


class ChartsUnavailable(Exception):
    """matplotlib is not installed: the review shows its numbers as tables only."""


@dataclass
class Chart:
    name: str  # file stem: entries-per-month
    title: str
    alt: str  # states the numbers
    svg: bytes
    png: bytes  # twice the size it is shown at
    width: int = WIDTH_PX
    height: int = 300
    missing: str = ""  # characters the font has no glyph for: boxes in the PNG


def charts(stats: YearStats) -> list[Chart]:
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib import pyplot
    except ImportError as error:
        raise ChartsUnavailable(str(error)) from None
    pyplot.rcParams.update(
        {
            "svg.fonttype": "none",
            "font.size": 10,
            "axes.edgecolor": INK,
            "text.color": INK,
            "axes.labelcolor": INK,
            "xtick.color": INK,
            "ytick.color": INK,
            "svg.hashsalt": "newsletter",  # the same drawing gives the same SVG
            # Labels are tags and site names as written or fetched, not TeX: "$x$" drew as
            # mathtext, "$\\notacommand$" stopped the review with a traceback.
            "text.parse_math": False,
        }
    )
    made = [_per_month(pyplot, stats)]
    if stats.sites:
        made.append(_bars(pyplot, "top-sites", stats.words("top_sites", year=stats.year), stats.sites, stats.words))
    if stats.tags:
        made.append(_bars(pyplot, "top-tags", stats.words("top_tags", year=stats.year), stats.tags, stats.words))
    return made


def _per_month(pyplot, stats: YearStats) -> Chart:
    figure, axes = pyplot.subplots(figsize=(WIDTH_PX / 100, 3))
    bottoms = [0] * len(stats.by_month)  # (from the log's first month)
    types = [kind for kind, _ in stats.by_type]
    for kind in types:
        counts = [month.get(kind, 0) for month in stats.by_month]
        axes.bar(
            stats.month_names,
            counts,
            bottom=bottoms,
            color=COLOURS.get(kind, "#57606a"),
            label=stats.words.kinds(kind, 2),
        )
        bottoms = [b + c for b, c in zip(bottoms, counts, strict=True)]
    title = stats.words("per_month", year=stats.year)
    axes.set_title(stats.words("by_type", chart=title), loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    axes.yaxis.get_major_locator().set_params(integer=True)
    if len(types) > 1:
        axes.legend(frameon=False, ncols=min(len(types), 5), fontsize=8, loc="upper left", bbox_to_anchor=(0, -0.12))
    # (listed as the language lists: Arabic's and Persian's "، ", Japanese's "、"; an Arabic alt text
    # said "نوفمبر 9, ديسمبر 3", a Persian one "نوامبر 9, دسامبر 3", with a Latin comma)
    say = stats.words
    months = say("names_separator").join(
        f"{name} {total}" for name, total in zip(stats.month_names, stats.month_totals, strict=True)
    )
    kinds = say("names_separator").join(f"{count} {name}" for count, name in stats.type_counts)
    alt = f"{title}{say('colon')}{say.after_colon()}{months}{say('full_stop')} "
    alt += f"{say('by_type_alt')}{say.after_colon(say('by_type_alt'))}{kinds}{say('full_stop')}"
    return _finish(pyplot, figure, "entries-per-month", title, alt)


def _bars(pyplot, name: str, title: str, rows: list[tuple[str, int]], say: Wording) -> Chart:
    rows = rows[:10]
    height = 1 + 0.28 * len(rows)
    figure, axes = pyplot.subplots(figsize=(WIDTH_PX / 100, height))
    labels = [label if len(label) <= LABEL_CELLS else label[: LABEL_CELLS - 1] + "…" for label, _ in rows][::-1]
    axes.barh(labels, [count for _, count in rows][::-1], color=COLOURS["talk"])
    axes.set_title(title, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    axes.xaxis.get_major_locator().set_params(integer=True)
    listed = say("names_separator").join(f"{label} {count}" for label, count in rows)
    alt = f"{title}{say('colon')}{say.after_colon()}{listed}{say('full_stop')}"
    return _finish(pyplot, figure, name, title, alt, round(height * 100))


def _finish(pyplot, figure, name: str, title: str, alt: str, height: int = 300) -> Chart:
    figure.set_layout_engine("constrained")
    svg, png = io.BytesIO(), io.BytesIO()
    # A label in a script or with an emoji the bundled font lacks: matplotlib warns once per
    # glyph, with a source line each; the review says it once, in words (review.py).
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        figure.savefig(svg, format="svg", transparent=True, metadata={"Date": None})
        figure.savefig(png, format="png", dpi=200, facecolor="white", metadata={"Software": None})
    pyplot.close(figure)
    glyphs = {int(m[1]) for w in said if (m := re.match(r"Glyph (\d+) .*missing from", str(w.message)))}
    for other in (w for w in said if not re.match(r"Glyph \d+ ", str(w.message))):
        warnings.warn_explicit(other.message, other.category, other.filename, other.lineno)
    drawing = svg.getvalue().replace(b"<defs>", DARK_MODE + b"<defs>", 1)
    missing = "".join(chr(code) for code in sorted(glyphs))
    return Chart(name, title, alt, drawing, png.getvalue(), WIDTH_PX, height, missing)
