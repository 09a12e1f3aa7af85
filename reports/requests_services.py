"""Writes of agency reports on request (Điều 7.7, 11.2): asking, answering for an agency,
closing. The demo seeds its requests through these same functions.

Each service checks the person's AgencyRequestAccess (`ensure`): PermissionDenied for a role that
never may, AgencyRequestError (its message shown) for a closed request, ValidationError (by
field, in the person's language) for what was typed. Every file is checked like a meeting's
papers (meetings.uploads: size, type by content) before anything is written.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.uploads import validate_upload
from members.history import save_with_history
from members.models import Committee, Organization, User
from members.services import notify
from tasks.selectors import agency_people, committee_people_with

from .models import AgencyReportRequest, AgencySubmission, RequestAttachment, SubmissionFile
from .requests_permissions import ASKER_CODENAME, AgencyRequestAccess, RequestRight
from .requests_selectors import committee_agencies

#: Files one request, or one save of a report, may carry.
MAX_FILES = 10
MAX_QUESTIONS = 30
MAX_TEXT = 20000


def _check_files(files: Sequence[UploadedFile], field: str = "files") -> None:
    """Every file is checked before anything is written: one bad file refuses them all."""
    if len(files) > MAX_FILES:
        raise ValidationError({field: _("Attach at most %(n)s files at once.") % {"n": MAX_FILES}})
    for upload in files:
        try:
            validate_upload(upload)
        except ValidationError as error:
            raise ValidationError({field: error.messages}) from error
        upload.seek(0)


def _store(model, files: Sequence[UploadedFile], actor: User, **owner) -> list:
    stored = []
    for upload in files:
        content_type = validate_upload(upload)
        item = model(
            original_name=upload.name[:255],
            content_type=content_type,
            size=upload.size,
            uploaded_by=actor,
            **owner,
        )
        item.file.save(upload.name, upload, save=False)
        item.save()
        stored.append(item)
    return stored


def _clean_questions(questions: Iterable[str]) -> list[str]:
    cleaned = [q.strip() for q in questions if q and q.strip()]
    if len(cleaned) > MAX_QUESTIONS:
        raise ValidationError({"questions": _("Ask at most %(n)s questions.") % {"n": MAX_QUESTIONS}})
    if any(len(q) > 1000 for q in cleaned):
        raise ValidationError({"questions": _("A question is at most 1000 characters long.")})
    return cleaned


def agency_request_create(
    *,
    committee: Committee,
    actor: User,
    title: str,
    due_date: datetime.date,
    organizations: Iterable[Organization],
    body: str = "",
    questions: Iterable[str] = (),
    files: Sequence[UploadedFile] = (),
    access: AgencyRequestAccess | None = None,
) -> AgencyReportRequest:
    """The askers ask some or all of the committee's agencies for a report by a date (Điều 7.7,
    11.2): a due date not in the past, at least one agency of the committee, and something asked
    (text or questions). The agencies' member and focal officers are told."""
    access = access or AgencyRequestAccess(actor, committee)
    access.ensure(RequestRight.ASK)
    title = (title or "").strip()
    body = (body or "").strip()
    questions = _clean_questions(questions)
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Give the request a title.")
    today = timezone.localdate()
    if due_date is None:
        errors["due_date"] = _("Give the date the reports are due.")
    elif due_date < today:
        errors["due_date"] = _("The due date cannot be before today (%(date)s).") % {
            "date": today.strftime("%d/%m/%Y")
        }
    organizations = list({org.pk: org for org in organizations if org is not None}.values())
    allowed = set(committee_agencies(committee.pk).values_list("pk", flat=True))
    if not organizations:
        errors["organizations"] = _("Choose at least one agency.")
    elif any(org.pk not in allowed for org in organizations):
        errors["organizations"] = _("Choose only agencies of this committee.")
    if not body and not questions:
        errors["body"] = _("Write what is asked, or at least one question.")
    if errors:
        raise ValidationError(errors)
    _check_files(files)
    with transaction.atomic():
        request = AgencyReportRequest(
            committee=committee,
            title=title,
            body=body,
            questions=questions,
            due_date=due_date,
            created_by=actor,
        )
        save_with_history(request, actor, "Request for agency reports created")
        request.organizations.set(organizations)
        _store(RequestAttachment, files, actor, request=request)
        people = [u for u in agency_people(committee.pk, [o.pk for o in organizations]) if u != actor]
        if people:
            notify(
                users=people,
                kind="reports.request_created",
                params={"request": request.pk, "due": due_date},
                url=request.get_absolute_url(),
            )
    return request


def _lock(request: AgencyReportRequest) -> AgencyReportRequest:
    return AgencyReportRequest.objects.select_for_update().get(pk=request.pk)


def agency_submission_save(
    *,
    request: AgencyReportRequest,
    organization: Organization,
    actor: User,
    text: str = "",
    answers: Sequence[str] = (),
    files: Sequence[UploadedFile] = (),
    remove_files: Iterable[int] = (),
    access: AgencyRequestAccess | None = None,
) -> AgencySubmission:
    """An agency's member or focal officer sends (or corrects, while the request is open) the
    agency's report: its text, an answer per question, its files. A report says something: text,
    an answer or a file. The askers' creator is told when it is first sent."""
    with transaction.atomic():
        request = _lock(request)
        access = (access or AgencyRequestAccess(actor, request.committee_id, request)).bound_to(
            request, actor
        )
        access.ensure(RequestRight.SUBMIT, organization.pk)
        text = (text or "").strip()
        answers = [(a or "").strip() for a in answers][: len(request.questions)]
        answers += [""] * (len(request.questions) - len(answers))
        if len(text) > MAX_TEXT or any(len(a) > MAX_TEXT for a in answers):
            raise ValidationError({"text": _("A report is at most %(n)s characters long.") % {"n": MAX_TEXT}})
        submission = AgencySubmission.objects.filter(request=request, organization=organization).first()
        removing = set(remove_files)
        kept = 0
        if submission is not None:
            kept = submission.files.exclude(pk__in=removing).count()
        if not text and not any(answers) and not files and not kept:
            raise ValidationError({"text": _("Write the report, answer a question or attach a file.")})
        _check_files(files)
        now = timezone.now()
        first = submission is None
        if first:
            submission = AgencySubmission(
                request=request,
                organization=organization,
                submitted_by=actor,
                submitted_at=now,
            )
        submission.text = text
        submission.answers = answers
        submission.updated_by = actor
        submission.updated_at = now
        save_with_history(submission, actor, "Report sent" if first else "Report corrected")
        if removing:
            for old in submission.files.filter(pk__in=removing):
                storage, name = old.file.storage, old.file.name
                old.delete()
                # The stored file goes only once the row's removal is committed.
                transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
        _store(SubmissionFile, files, actor, submission=submission)
        if first:
            askers = [
                u
                for u in committee_people_with(request.committee_id, [ASKER_CODENAME])
                if u == request.created_by
            ]
            if askers:
                notify(
                    users=askers,
                    kind="reports.request_answered",
                    params={"request": request.pk, "agency": organization.name},
                    url=request.get_absolute_url(),
                )
    return submission


def agency_request_close(
    *, request: AgencyReportRequest, actor: User, access: AgencyRequestAccess | None = None
) -> AgencyReportRequest:
    """An asker closes the request: no report can be sent or changed after (irreversible)."""
    with transaction.atomic():
        request = _lock(request)
        access = (access or AgencyRequestAccess(actor, request.committee_id, request)).bound_to(
            request, actor
        )
        access.ensure(RequestRight.CLOSE)
        request.status = AgencyReportRequest.Status.CLOSED
        request.closed_by = actor
        request.closed_at = timezone.now()
        save_with_history(request, actor, "Request closed", ["status", "closed_by", "closed_at"])
    return request
