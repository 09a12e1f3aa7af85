"""Benchmark: how the draft minutes' render time grows with markup that holds no text.

Run: `.venv/bin/python scripts/bench_render_markup.py [repeats]`. For bodies of N empty table rows
and of N empty paragraphs (cleaned as the portal stores them), prints the HTML length, the
elements, and the median wall time of the draft render. The element and HTML-length thresholds of
meetings.documents.selectors.minutes_draft_is_slow and the limits of meetings/sanitize.py come
from here; the figures go to docs/benchmarks.md ("Heavy markup"). Never asserted in tests.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_minutes_pdf import ITEM  # noqa: E402  (sets up Django)

from documents.rendering import render_pdf  # noqa: E402
from documents.rendering.context import minutes_body  # noqa: E402
from documents.rendering.preview import sample_minutes_context  # noqa: E402
from meetings.sanitize import minutes_markup_size, sanitize_minutes_html  # noqa: E402

TEMPLATE = "documents/minutes.html"
BODIES = [
    ("12 agenda items of text", "".join(ITEM.format(n=n) for n in range(1, 13))),
    *(
        (f"{n} empty table rows", "<table>" + "<tr><td></td></tr>" * n + "</table>")
        for n in (500, 1000, 2000, 4000)
    ),
    *((f"{n} empty paragraphs", "<p></p>" * n) for n in (1000, 1500, 3000, 6000)),
]


def main(repeats: int) -> None:
    context = sample_minutes_context()
    render_pdf(TEMPLATE, context, draft=True)  # warm-up: fonts, templates
    print(f"{'body':<26} {'HTML chars':>10} {'elements':>9} {'median s':>9}")
    for label, html in BODIES:
        clean = sanitize_minutes_html(html)
        context["body"] = minutes_body(clean)
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            render_pdf(TEMPLATE, context, draft=True)
            times.append(time.perf_counter() - start)
        size = minutes_markup_size(clean)
        print(f"{label:<26} {size.chars:>10,} {size.elements:>9,} {statistics.median(times):>9.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
