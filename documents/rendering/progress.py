"""WeasyPrint's progress, as a percentage and a short Vietnamese label for the person waiting.

WeasyPrint 70 logs its steps at INFO to the "weasyprint.progress" logger:

    Step 1 - Fetching and parsing HTML - …      Step 5 - Creating layout - Page N
    Step 2 - Fetching and parsing CSS - …       Step 5 - Creating layout - Repagination #N
    Step 3 - Applying CSS                       Step 6 - Creating PDF
    Step 4 - Creating formatting structure      Step 7 - Adding PDF metadata

`render_progress(report)` listens for the duration of one render and calls `report(percent,
label)` whenever the label changes (at most once per step or page). The percentages follow the
time each step takes (scripts/bench_render_estimate.py, docs/benchmarks.md): the layout (step 5)
and writing the PDF with its embedded fonts (steps 6–7) take most of it.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from weasyprint.logger import PROGRESS_LOGGER

#: Shown while the job waits for a worker, when it starts, and when the file is stored.
LABEL_QUEUED = "Đang chờ đến lượt xử lý"
LABEL_STARTED = "Đang bắt đầu tạo tệp"
LABEL_DONE = "Đã tạo xong tệp"

_LAYOUT_START, _LAYOUT_END = 10, 55
_STEPS: dict[str, tuple[int, str]] = {
    "1": (3, "Đang đọc nội dung văn bản"),
    "2": (5, "Đang đọc nội dung văn bản"),  # the draft mark's CSS is read before the HTML
    "3": (7, "Đang áp dụng định dạng"),
    "4": (_LAYOUT_START, "Đang chuẩn bị bố cục"),
    "6": (_LAYOUT_END + 5, "Đang tạo tệp PDF"),
    "7": (80, "Đang nhúng phông chữ và hoàn tất tệp"),
}
_STEP = re.compile(r"^Step (\d+) - ")
_PAGE = re.compile(r"^Step 5 - Creating layout - Page (\d+)")

Report = Callable[[int, str], None]
logger = logging.getLogger(__name__)

_lock = threading.Lock()
_listeners = 0
_saved: tuple[int, bool] = (logging.NOTSET, True)


class ProgressHandler(logging.Handler):
    """Maps WeasyPrint's messages from one thread (the render's) to (percent, label).

    Progress never goes back (a repagination lays pages out again) and stays below 100 until
    the file is stored; `expected_pages` (an estimate) spreads the layout step over the pages.
    """

    def __init__(self, report: Report, *, expected_pages: int = 1) -> None:
        super().__init__(logging.INFO)
        self.report = report
        self.expected_pages = max(expected_pages, 1)
        self.thread = threading.get_ident()
        self.percent = 0
        self.label = ""

    def step(self, message: str) -> tuple[int, str] | None:
        page = _PAGE.match(message)
        if page:
            number = int(page.group(1))
            share = min(number / self.expected_pages, 1.0)
            percent = _LAYOUT_START + round((_LAYOUT_END - _LAYOUT_START) * share)
            return percent, f"Đang dàn trang: trang {number}"
        match = _STEP.match(message)
        if match is None:
            return None
        if match.group(1) == "5":
            return self.percent, "Đang dàn lại trang"  # repagination: counters changed
        return _STEPS.get(match.group(1))

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread:
            return  # another render in another thread of this process
        try:
            found = self.step(record.getMessage())
            if found is None:
                return
            percent, label = max(found[0], self.percent), found[1]
            if label == self.label:
                return
            self.percent, self.label = percent, label
            self.report(percent, label)
        except Exception:  # a progress report (a busy database, say) must never break the render
            logger.exception("Could not report the render's progress")


@contextmanager
def render_progress(report: Report, *, expected_pages: int = 1) -> Iterator[ProgressHandler]:
    """Call `report(percent, label)` as WeasyPrint renders in this thread, until the block ends.

    The settings keep the "weasyprint" loggers at WARNING; while anyone listens the progress
    logger is set to INFO and stops propagating, so the steps reach the handler and no log file.
    """
    global _listeners, _saved
    handler = ProgressHandler(report, expected_pages=expected_pages)
    with _lock:
        if _listeners == 0:
            _saved = (PROGRESS_LOGGER.level, PROGRESS_LOGGER.propagate)
            PROGRESS_LOGGER.setLevel(logging.INFO)
            PROGRESS_LOGGER.propagate = False
        _listeners += 1
        PROGRESS_LOGGER.addHandler(handler)
    try:
        yield handler
    finally:
        with _lock:
            PROGRESS_LOGGER.removeHandler(handler)
            _listeners -= 1
            if _listeners == 0:
                PROGRESS_LOGGER.setLevel(_saved[0])
                PROGRESS_LOGGER.propagate = _saved[1]
