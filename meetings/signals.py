"""What the meetings announce to the apps after them, which they may not import (docs/architecture.md).

`notice_issued` is sent inside the transaction that signs the conclusions: a receiver that
raises undoes the notice too, so the notice and the work it orders exist together or not at all
(tasks creates a directive per instruction from it)."""

from django.dispatch import Signal

#: Sent with `notice` (meetings.models.Notice, just saved) and `actor` (who signed).
notice_issued = Signal()
