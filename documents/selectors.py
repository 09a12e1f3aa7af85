"""Reads of the documents app: the register, download names, render jobs and their state."""

from __future__ import annotations

import datetime
import unicodedata

from django.utils import timezone

from .models import RenderJob

#: A job still queued or running after this is taken as lost (a worker died or is down): its
#: page says so and offers to try again. Well past the job's hard time limit (documents.jobs).
RENDER_JOB_STUCK_AFTER = datetime.timedelta(minutes=10)

# What the person waiting reads (Vietnamese, like the documents): no traceback, what to do next.
RENDER_JOB_TIMEOUT_MESSAGE = (
    "Văn bản dài nên chưa tạo xong tệp PDF trong thời gian cho phép. Vui lòng thử lại sau ít phút; "
    "nếu vẫn không được, xin báo bộ phận quản trị hệ thống."
)
RENDER_JOB_ERROR_MESSAGE = (
    "Không tạo được tệp PDF do có lỗi khi dàn trang văn bản. Vui lòng thử lại; nếu vẫn không "
    "được, xin báo bộ phận quản trị hệ thống."
)
RENDER_JOB_CHANGED_MESSAGE = (
    "Dự thảo đã được sửa sau khi bạn yêu cầu tệp. Bấm “Thử lại” để tạo tệp theo bản mới nhất."
)
RENDER_JOB_GONE_MESSAGE = "Biên bản này không còn trên hệ thống nên không tạo được tệp."
RENDER_JOB_STUCK_MESSAGE = (
    "Việc tạo tệp bị gián đoạn (máy chủ đang bận hoặc vừa khởi động lại). Vui lòng thử lại."
)


def ascii_name(text: str) -> str:
    """ "BCĐCQĐT" → "BCDCQDT", for download names: Đ has no decomposition, so it is mapped by
    hand; anything but letters, digits, "-" and "_" becomes "-"."""
    text = text.replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text).strip("-")


def render_job_live_get(*, kind: str, source_id: int, source_version: int, user) -> RenderJob | None:
    """The job already queued, running or done for this version of the source and this person."""
    return RenderJob.objects.filter(
        kind=kind,
        source_id=source_id,
        source_version=source_version,
        requested_by=user,
        status__in=[RenderJob.Status.QUEUED, RenderJob.Status.RUNNING, RenderJob.Status.DONE],
    ).first()


def render_job_is_stuck(job: RenderJob) -> bool:
    return not job.finished and job.created_at < timezone.now() - RENDER_JOB_STUCK_AFTER


def render_job_status(job: RenderJob) -> dict:
    """What the job page and its polled fragment show: a lost job reads as failed, with what to do."""
    stuck = render_job_is_stuck(job)
    state = RenderJob.Status.FAILED if stuck else job.status
    return {
        "job": job,
        "state": state,
        "finished": state in (RenderJob.Status.DONE, RenderJob.Status.FAILED),
        "progress": 100 if state == RenderJob.Status.DONE else job.progress,
        "step": job.step,
        "error": RENDER_JOB_STUCK_MESSAGE if stuck else job.error,
    }
