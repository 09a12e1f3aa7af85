"""Who may do what with agency reports on request (Điều 7.7, 11.2).

- Asking (creating a request, closing it, reading every agency's report, the ZIP export and the
  compiled document): the chair, the deputies, the standing member and the support group — the
  people who give directives (`create_directive`), the same roles the regulation charges with
  following the agencies' work.
- Seeing a request, its attachments and which agencies have answered: anyone with a role in the
  committee (`view_committee_business`); another committee's request answers 404.
- Answering for an agency: that agency's member or focal officer in this committee only (their
  role in another committee counts for nothing here), and only while the request is open.
- An agency's report and its files: the askers, and the people of that agency.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.permissions.rules import Access, Rule
from members.models import Committee, User
from members.permissions import agencies_for_user, committee_codenames_for_user

from .models import AgencyReportRequest, AgencyRequestError, RequestAttachment, SubmissionFile

#: The committee permission of those who ask for reports (chair, deputies, standing member, secretariat).
ASKER_CODENAME = "create_directive"


class AgencyRequestPermissionDenied(AgencyRequestError, PermissionDenied):
    """The person's role never allows this: a 403 that carries the service's message."""


class RequestRight(StrEnum):
    VIEW = "view"  # the committee's requests, one request, its attachments, who has answered
    ASK = "ask"  # create a request
    SUBMIT = "submit"  # the agency (an organization id) is the target
    READ_REPORT = "read_report"  # one agency's report: the organization id is the target
    READ_ALL = "read_all"  # every report, the ZIP, the compiled document
    CLOSE = "close"


class AgencyRequestAccess(Access):
    """One person's rights on a committee's requests, or on one request when given (`may`, `can`,
    `ensure`, `require` as for meetings); the person's roles are read once."""

    error_class = AgencyRequestError
    denied_class = AgencyRequestPermissionDenied

    def __init__(self, user: User, committee: Committee | int, request: AgencyReportRequest | None = None):
        self.user = user
        self.committee_id = committee if isinstance(committee, int) else committee.pk
        self.request = request
        self.codes: frozenset[str] = committee_codenames_for_user(user).get(self.committee_id, frozenset())
        self.agencies: frozenset[int] = agencies_for_user(user).get(self.committee_id, frozenset())
        self._asked: frozenset[int] | None = None

    def __repr__(self) -> str:
        request = self.request.pk if self.request is not None else None
        return f"<AgencyRequestAccess user={self.user.pk} committee={self.committee_id} request={request}>"

    def bound_to(self, request: AgencyReportRequest, actor: User) -> AgencyRequestAccess:
        """The same person's access to the request as a service has re-read it under lock."""
        if actor.pk != self.user.pk or request.committee_id != self.committee_id:
            raise ValueError("This access is another person's, or another committee's.")
        fresh = AgencyRequestAccess.__new__(AgencyRequestAccess)
        fresh.__dict__.update(self.__dict__)
        fresh.request = request
        fresh._asked = None
        return fresh

    @property
    def sees_committee(self) -> bool:
        return "view_committee_business" in self.codes

    @property
    def asks(self) -> bool:
        return ASKER_CODENAME in self.codes

    @property
    def asked_ids(self) -> frozenset[int]:
        """The agencies the request asks (read once)."""
        if self._asked is None:
            if self.request is None:
                self._asked = frozenset()
            else:
                self._asked = frozenset(self.request.organizations.values_list("pk", flat=True))
        return self._asked

    def know_asked(self, ids: frozenset[int]) -> None:
        """Give the asked agencies when the caller has already read them."""
        self._asked = frozenset(ids)

    @property
    def answering_ids(self) -> frozenset[int]:
        """The asked agencies the person answers for (their member or focal officer here)."""
        return self.agencies & self.asked_ids

    # --- who ---------------------------------------------------------------------------------------

    def _views(self, _t: object) -> bool:
        return self.sees_committee

    def _asks(self, _t: object) -> bool:
        return self.asks

    def _answers_for(self, organization_id: int | None) -> bool:
        return organization_id is not None and organization_id in self.answering_ids

    def _reads_report(self, organization_id: int | None) -> bool:
        return self.asks or (organization_id is not None and organization_id in self.agencies)

    # --- when --------------------------------------------------------------------------------------

    def _open(self, _t: object) -> str | None:
        if self.request is None or self.request.is_open:
            return None
        return _("This request is closed: reports can no longer be sent or changed.")

    RULES: ClassVar[dict[str, Rule]] = {
        RequestRight.VIEW: Rule(_views),
        RequestRight.ASK: Rule(
            _asks,
            None,
            gettext_lazy(
                "Only the chair, a deputy, the standing member or the support group asks the agencies for a report."
            ),
        ),
        RequestRight.SUBMIT: Rule(
            _answers_for,
            _open,
            gettext_lazy("Only the agency's member or its focal officers send its report."),
        ),
        RequestRight.READ_REPORT: Rule(_reads_report),
        RequestRight.READ_ALL: Rule(_asks),
        RequestRight.CLOSE: Rule(
            _asks,
            _open,
            gettext_lazy(
                "Only the chair, a deputy, the standing member or the support group closes a request."
            ),
        ),
    }


# --- loading -----------------------------------------------------------------------------------------


def committee_ids_seen(user: User) -> list[int]:
    """The committees whose requests the person sees (a role there; guests excluded)."""
    return [
        cid for cid, codes in committee_codenames_for_user(user).items() if "view_committee_business" in codes
    ]


def requests_access(user: User, committee_pk: int) -> tuple[Committee, AgencyRequestAccess]:
    """The committee and the person's access to its requests; 404 when they hold no role there."""
    if not user.is_authenticated or committee_pk not in committee_ids_seen(user):
        raise Http404
    committee = Committee.objects.filter(pk=committee_pk).first()
    if committee is None:
        raise Http404
    return committee, AgencyRequestAccess(user, committee)


def access_agency_request(user: User, pk: int) -> AgencyRequestAccess:
    """The request `pk` with the person's access to it; 404 when they may not know it exists."""
    if not user.is_authenticated:
        raise Http404
    request = (
        AgencyReportRequest.objects.select_related("committee", "created_by")
        .filter(pk=pk, committee_id__in=committee_ids_seen(user))
        .first()
    )
    if request is None:
        raise Http404
    return AgencyRequestAccess(user, request.committee_id, request)


def get_request_attachment_for_user(user: User, pk: int) -> RequestAttachment:
    """A file sent with a request, to anyone who sees the request; 404 for the others."""
    if not user.is_authenticated:
        raise Http404
    attachment = RequestAttachment.objects.filter(
        pk=pk, request__committee_id__in=committee_ids_seen(user)
    ).first()
    if attachment is None:
        raise Http404
    return attachment


def get_submission_file_for_user(user: User, pk: int) -> SubmissionFile:
    """A file of an agency's report, to the askers and the agency's own people; 404 for the
    others (who may not know which agencies sent what)."""
    if not user.is_authenticated:
        raise Http404
    found = (
        SubmissionFile.objects.select_related("submission__request")
        .filter(pk=pk, submission__request__committee_id__in=committee_ids_seen(user))
        .first()
    )
    if found is None:
        raise Http404
    request = found.submission.request
    access = AgencyRequestAccess(user, request.committee_id, request)
    if not access.can(RequestRight.READ_REPORT, found.submission.organization_id):
        raise Http404
    return found
