"""Who may see what the reports app keeps. Meeting documents themselves follow the meeting's
rules (meetings/permissions.py); this file holds the rules of the reports app's own records."""

from __future__ import annotations

from django.http import Http404

from meetings import permissions as meeting_permissions
from meetings.models import Minutes

from .models import RenderJob


def can_view_render_job(user, job: RenderJob) -> bool:
    """A render job and its file: only the person who asked, and only while they may still read
    the draft it renders."""
    if not user.is_authenticated or job.requested_by_id != user.pk:
        return False
    minutes = Minutes.objects.filter(pk=job.source_id).first()
    return minutes is not None and meeting_permissions.can_view_minutes(user, job.meeting, minutes)


def get_render_job_for_user(user, pk) -> RenderJob:
    """The job, or 404 for an unknown id and for anyone who may not see it (no existence leak)."""
    job = RenderJob.objects.select_related("meeting", "meeting__committee").filter(pk=pk).first()
    if job is None or not can_view_render_job(user, job):
        raise Http404
    return job
