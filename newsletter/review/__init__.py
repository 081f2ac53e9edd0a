"""The year in review's own parts, for `newsletter review YEAR` (commands/review.py, which reads,
enriches and renders the year as a build does an edition):

    stats.py    the year in numbers: pure functions of its entries, no I/O
    charts.py   those numbers drawn (matplotlib, the `review` extra; without it, tables only)
"""
