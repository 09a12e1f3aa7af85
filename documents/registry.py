"""What a feature tells this app about the documents it renders in a job.

`documents` knows no feature: a feature (meetings' draft minutes, later the reports) registers a
`RenderKind` from its AppConfig.ready(), and the render jobs, their pages and their permission
check ask the registered kind for everything that depends on the source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RenderKind:
    """One kind of document rendered in a job.

    - `load(source_id)`: the source with what rendering needs, or None when it is gone;
    - `version(source)`: its edit counter (a job for an older version is stale);
    - `can_view(user, source)`: whether the person may still read it (the job's owner is also
      checked by this app);
    - `render(source)`: the PDF bytes (WeasyPrint's progress is reported around this call);
    - `pages_estimate(source)`: about how many pages, to spread the progress bar;
    - `retry_url(job)`: where "Try again" sends the person (the feature's own PDF link decides
      afresh: a signed copy, a quick draft, or a new job);
    - `page_template`: the job page, extending "documents/render_job.html" with the feature's
      breadcrumb and wording; it receives `source`.
    """

    name: str
    load: Callable[[int], Any]
    version: Callable[[Any], int]
    can_view: Callable[[Any, Any], bool]
    render: Callable[[Any], bytes]
    pages_estimate: Callable[[Any], int]
    retry_url: Callable[[Any], str]
    page_template: str = "documents/render_job.html"


_KINDS: dict[str, RenderKind] = {}


def register_render_kind(kind: RenderKind) -> RenderKind:
    """Register (or replace, on a reload) the renderer of a kind of job."""
    _KINDS[kind.name] = kind
    return kind


def render_kind(name: str) -> RenderKind:
    """The registered kind; a KeyError names a kind no installed feature registers."""
    return _KINDS[name]
