"""The demo's clock: its present, and the one place where the past is replayed."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from unittest import mock

from django.utils import timezone


@dataclass(frozen=True)
class DemoClock:
    """The moment the demo is seeded: the story is written backwards (and a little forwards) from it."""

    now: datetime.datetime

    @property
    def today(self) -> datetime.date:
        return timezone.localdate(self.now)

    @contextmanager
    def at(self, moment: datetime.datetime) -> Iterator[None]:
        """Run the block as if it were `moment`, which must lie before `now`.

        The only place where `django.utils.timezone.now` is replaced: the services, the `auto_now`
        fields and django-simple-history all read it and take no time argument, so this is how the
        story's past gets the dates it happened on (and how the services' rules see that time).
        """
        if moment >= self.now:
            raise RuntimeError(f"Demo step in the future: {moment:%Y-%m-%d %H:%M}")
        with mock.patch("django.utils.timezone.now", return_value=moment):
            yield
