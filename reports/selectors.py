"""Reads of the reports app: the committee whose compliance panel a person may see."""

from __future__ import annotations

from django.http import Http404

from members.models import Committee, User
from members.permissions import committee_codenames_for_user


def committee_for_compliance(user: User, committee_pk: int) -> Committee:
    """The committee, if the person holds a role there that sees the compliance panel; a 404
    otherwise (another committee's member, a guest, an outsider: the committee is not theirs)."""
    # The person's roles first (no query with the pk): an id past the database's integer is a 404.
    if "view_compliance" not in committee_codenames_for_user(user).get(committee_pk, frozenset()):
        raise Http404
    try:
        return Committee.objects.get(pk=committee_pk)
    except Committee.DoesNotExist:
        raise Http404 from None


def committees_followed_by(user: User) -> list[Committee]:
    """The committees where the person holds a role that sees the compliance panel (one query)."""
    ids = [cid for cid, codes in committee_codenames_for_user(user).items() if "view_compliance" in codes]
    return list(Committee.objects.filter(pk__in=ids).order_by("name"))
