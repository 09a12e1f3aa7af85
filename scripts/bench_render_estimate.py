"""Benchmark: how the draft minutes' render time grows with the length of the minutes text.

Run: `.venv/bin/python scripts/bench_render_estimate.py [repeats] [--fonttools]`. For minutes bodies of growing
length (the 12-page benchmark's agenda item, repeated) prints the characters of body text (tags
stripped, as meetings.documents.selectors counts them), the pages, and the min / median wall time of the
draft render (`draft=True`, as the portal serves it), then a least-squares line and the length
at which a render passes one second. The threshold in meetings/documents/selectors.py comes from here; the
figures go to docs/benchmarks.md. Timings are measured here, never asserted in tests.

WeasyPrint subsets the embedded fonts with libharfbuzz-subset when the system has it (Debian:
`libharfbuzz-subset0`), else with fontTools, several times slower; `--fonttools` measures the
fallback on a machine that has the library, as a server without it would render.
"""

from __future__ import annotations

import io
import logging
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_minutes_pdf import ITEM  # noqa: E402  (sets up Django)
from django.utils.html import strip_tags  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from documents.rendering import render_pdf  # noqa: E402
from documents.rendering.context import minutes_body  # noqa: E402
from documents.rendering.preview import sample_minutes_context  # noqa: E402

TEMPLATE = "documents/minutes.html"
ITEM_COUNTS = (1, 4, 8, 12, 16, 24, 32, 40, 48, 64)


def context_with_items(items: int) -> tuple[dict, int]:
    html = "".join(ITEM.format(n=n) for n in range(1, items + 1))
    context = sample_minutes_context()
    context["body"] = minutes_body(html)
    return context, len(strip_tags(html))


def weasyprint_subsets_with_fonttools() -> bool:
    import weasyprint.pdf.fonts

    return weasyprint.pdf.fonts.harfbuzz_subset is None


class StepTimer(logging.Handler):
    """Time spent between WeasyPrint's progress messages, per step number."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.marks: list[tuple[float, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.marks.append((time.perf_counter(), record.getMessage()[:6]))


def step_split(context: dict) -> dict[str, float]:
    logger = logging.getLogger("weasyprint.progress")
    handler, old_level, old_propagate = StepTimer(), logger.level, logger.propagate
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logger.addHandler(handler)
    try:
        render_pdf(TEMPLATE, context, draft=True)
        end = time.perf_counter()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        logger.propagate = old_propagate
    split: dict[str, float] = {}
    marks = [*handler.marks, (end, "end")]
    for (t0, step), (t1, _next) in zip(marks, marks[1:], strict=False):
        split[step] = split.get(step, 0.0) + t1 - t0
    return split


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    repeats = int(args[0]) if args else 5
    if "--fonttools" in sys.argv:
        import weasyprint.pdf.fonts

        weasyprint.pdf.fonts.harfbuzz_subset = None
    subsetter = "fontTools" if weasyprint_subsets_with_fonttools() else "libharfbuzz-subset"
    print(f"font subsetting with {subsetter}")
    # fontTools logs every font subset at INFO (hundreds of lines a render): keep the output readable.
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    render_pdf(TEMPLATE, context_with_items(1)[0], draft=True)  # warm-up: fonts, templates
    rows = []
    print("items  chars  pages    min s  median s")
    for items in ITEM_COUNTS:
        context, chars = context_with_items(items)
        pdf = render_pdf(TEMPLATE, context, draft=True)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            render_pdf(TEMPLATE, context, draft=True)
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        rows.append((chars, pages, median))
        print(f"{items:5d} {chars:6d} {pages:6d} {min(times):8.2f} {median:9.2f}")

    # time ≈ a + b·chars (least squares on the medians)
    xs, ys = [r[0] for r in rows], [r[2] for r in rows]
    print(f"load average before the fit: {os.getloadavg()[0]:.2f}")
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    b = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mean_x) ** 2 for x in xs
    )
    a = mean_y - b * mean_x
    chars_per_page = statistics.fmean(r[0] / r[1] for r in rows if r[1] > 2)
    print(f"fit: {a:.3f} s + {b * 1000:.4f} ms/char ({b * 1000 * chars_per_page:.0f} ms per page)")
    print(f"≈ {chars_per_page:.0f} characters of body text per page")
    print(f"one second at ≈ {(1.0 - a) / b:.0f} characters (≈ {(1.0 - a) / b / chars_per_page:.1f} pages)")

    for items in (12, ITEM_COUNTS[-1]):
        split = step_split(context_with_items(items)[0])
        total = sum(split.values())
        shares = ", ".join(f"{k} {v / total:.0%}" for k, v in sorted(split.items()))
        print(f"share of each step ({items} items, {total:.2f} s): {shares}")


if __name__ == "__main__":
    main()
