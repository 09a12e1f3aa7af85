"""Who may see what the documents app keeps: a render job and its file, only the person who
asked, and only while the feature that owns the source still lets them read it."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from .models import RenderJob
from .registry import render_kind


def _visible_source(user, job: RenderJob) -> Any | None:
    if not user.is_authenticated or job.requested_by_id != user.pk:
        return None
    renderer = render_kind(job.kind)
    source = renderer.load(job.source_id)
    return source if source is not None and renderer.can_view(user, source) else None


def can_view_render_job(user, job: RenderJob) -> bool:
    """The job's owner, while they may still read its source (the feature's own rule)."""
    return _visible_source(user, job) is not None


def get_render_job_for_user(user, pk) -> RenderJob:
    """The job with its source (`job.source`), or 404 for an unknown id and for anyone who may
    not see it (no existence leak)."""
    job = RenderJob.objects.filter(pk=pk).first()
    source = _visible_source(user, job) if job is not None else None
    if source is None:
        raise Http404
    job.source = source
    return job
