"""Writes of directives: creation (from a signed notice, or ad hoc), every move of the status table
(Directive.TRANSITIONS, one service per move), progress and contributions with evidence,
extensions and urging (Điều 5.1, 5.5, 6.2, 6.5, 7.3, 7.6, 9.3).

Each service locks the directive, asks the person's DirectiveAccess (`ensure`), writes the change
with its history (who, why) and one timeline event, and notifies whom it concerns. Refusals:
PermissionDenied for a role that never may, DirectiveError (its message shown) for the state or the
time, ValidationError (by field) for what was typed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from meetings.models import Notice
from meetings.uploads import validate_upload
from members.history import save_with_history
from members.models import Committee, Organization, SupportTeam, User
from members.services import notify

from ..models import Directive, DirectiveError, DirectiveEvent, Evidence, ExtensionRequest
from ..permissions import DirectiveAccess, DirectiveRight, TasksAccess, TasksRight, transition_refusal
from ..selectors import agency_people, committee_people_with

S = Directive.Status
A = Directive.Action
K = DirectiveEvent.Kind
R = DirectiveRight

#: Evidence files one update may carry.
MAX_EVIDENCE_FILES = 10


# --- shared -----------------------------------------------------------------------------------------


def _lock(directive: Directive) -> Directive:
    return (
        Directive.objects.select_for_update()
        .select_related("committee", "lead_organization")
        .get(pk=directive.pk)
    )


def _access(actor: User, directive: Directive, access: DirectiveAccess | None) -> DirectiveAccess:
    return DirectiveAccess(actor, directive) if access is None else access.bound_to(directive, actor)


def _move(directive: Directive, action: str) -> str:
    refusal = transition_refusal(directive, action)
    if refusal is not None:
        raise DirectiveError(refusal)
    return Directive.TRANSITIONS[directive.status][action]


def _event(directive: Directive, kind: str, actor: User | None, **fields) -> DirectiveEvent:
    return DirectiveEvent.objects.create(
        directive=directive, kind=kind, actor=actor, at=timezone.now(), **fields
    )


def _attach(event: DirectiveEvent, files: Sequence[UploadedFile], actor: User) -> list[Evidence]:
    """Store each file after checking it like a meeting's paper (size, type by content)."""
    stored = []
    for upload in files:
        content_type = validate_upload(upload)
        evidence = Evidence(
            event=event,
            original_name=upload.name[:255],
            content_type=content_type,
            size=upload.size,
            uploaded_by=actor,
        )
        evidence.file.save(upload.name, upload, save=False)
        evidence.save()
        stored.append(evidence)
    return stored


def _check_files(files: Sequence[UploadedFile], field: str = "files") -> None:
    """Every file is checked before anything is written: one bad file refuses them all."""
    if len(files) > MAX_EVIDENCE_FILES:
        raise ValidationError({field: _("Attach at most %(n)s files at once.") % {"n": MAX_EVIDENCE_FILES}})
    for upload in files:
        try:
            validate_upload(upload)
        except ValidationError as error:
            raise ValidationError({field: error.messages}) from error
        upload.seek(0)


def _notify_lead(directive: Directive, kind: str, params: dict, exclude: User | None = None) -> None:
    users = [
        u for u in agency_people(directive.committee_id, [directive.lead_organization_id]) if u != exclude
    ]
    if users:
        notify(users=users, kind=kind, params=params, url=directive.get_absolute_url())


def _notify_holders(
    directive: Directive, codenames: Iterable[str], kind: str, params: dict, exclude: User | None = None
) -> None:
    users = [u for u in committee_people_with(directive.committee_id, codenames) if u != exclude]
    if users:
        notify(users=users, kind=kind, params=params, url=directive.get_absolute_url())


def _clean_text(text: str, field: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


# --- creation ---------------------------------------------------------------------------------------


def _validate_agencies(lead: Organization | None, coordinating: Iterable[Organization]) -> list[Organization]:
    coordinating = [org for org in coordinating if org is not None]
    if lead is None:
        raise ValidationError({"lead_organization": _("Name the agency that leads this work.")})
    if any(org.pk == lead.pk for org in coordinating):
        raise ValidationError(
            {"coordinating_organizations": _("The lead agency cannot also be a coordinating agency.")}
        )
    return coordinating


def _validate_deadline(
    deadline: datetime.date | None, reporting_period: str, *, not_before: datetime.date
) -> None:
    if deadline is None and not reporting_period:
        raise ValidationError(
            {"deadline": _("Give a deadline, or mark it as regular work with a reporting period.")}
        )
    if deadline is not None and reporting_period:
        raise ValidationError({"reporting_period": _("Regular work has no deadline: clear one of the two.")})
    if deadline is not None and deadline < not_before:
        raise ValidationError(
            {
                "deadline": _("The deadline cannot be before %(date)s.")
                % {"date": not_before.strftime("%d/%m/%Y")}
            }
        )


def _created(directive: Directive, coordinating: list[Organization], actor: User, reason: str) -> Directive:
    directive.original_deadline = directive.deadline
    save_with_history(directive, actor, reason)
    if coordinating:
        directive.coordinating_organizations.set(coordinating)
    _event(directive, K.CREATED, actor, to_status=directive.status)
    params = {"directive": directive.pk}
    _notify_lead(directive, "tasks.assigned", params, exclude=actor)
    if coordinating:
        users = agency_people(directive.committee_id, [o.pk for o in coordinating])
        if users:
            notify(users=users, kind="tasks.coordinating", params=params, url=directive.get_absolute_url())
    return directive


@transaction.atomic
def directive_create(
    *,
    committee: Committee,
    actor: User,
    title: str,
    lead_organization: Organization | None,
    reference_number: str,
    reference_date: datetime.date | None,
    expected_result: str = "",
    coordinating_organizations: Iterable[Organization] = (),
    deadline: datetime.date | None = None,
    reporting_period: str = "",
    priority: str = Directive.Priority.NORMAL,
    access: TasksAccess | None = None,
) -> Directive:
    """An ad-hoc directive of the chair or a deputy, entered by them, the standing member or the
    secretariat, with the document that gave it (its number and date)."""
    access = access or TasksAccess(actor, committee)
    access.ensure(TasksRight.CREATE_DIRECTIVE)
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if not (title or "").strip():
        errors["title"] = _("Write what is to be done.")
    if not (reference_number or "").strip():
        errors["reference_number"] = _("Give the number of the document that gave this instruction.")
    if reference_date is None:
        errors["reference_date"] = _("Give the date of that document.")
    elif reference_date > today:
        errors["reference_date"] = _("The document cannot be dated in the future.")
    if errors:
        raise ValidationError(errors)
    coordinating = _validate_agencies(lead_organization, coordinating_organizations)
    _validate_deadline(deadline, reporting_period, not_before=today)
    directive = Directive(
        committee=committee,
        source=Directive.Source.AD_HOC,
        reference_number=reference_number.strip(),
        reference_date=reference_date,
        title=title.strip(),
        expected_result=(expected_result or "").strip(),
        lead_organization=lead_organization,
        deadline=deadline,
        reporting_period=reporting_period or "",
        priority=priority,
        created_by=actor,
    )
    return _created(directive, coordinating, actor, "assigned (ad hoc)")


def directives_from_notice(*, notice: Notice, actor: User) -> list[Directive]:
    """One directive per instruction of the notice's conclusions, made as the notice is signed
    (in its transaction: called from the notice_issued signal). Signing was the decision: no
    further permission is asked. Idempotent: a conclusion that already has its directive is skipped."""
    created = []
    conclusions = (
        notice.meeting.conclusions.filter(is_instruction=True)
        .exclude(directives__isnull=False)
        .select_related("lead_organization")
        .prefetch_related("coordinating_organizations")
        .order_by("order", "pk")
    )
    for conclusion in conclusions:
        directive = Directive(
            committee_id=notice.committee_id,
            source=Directive.Source.CONCLUSION,
            conclusion=conclusion,
            notice=notice,
            title=conclusion.text[:500],
            lead_organization=conclusion.lead_organization,
            deadline=conclusion.due_date,
            created_by=actor,
        )
        coordinating = [
            o for o in conclusion.coordinating_organizations.all() if o.pk != conclusion.lead_organization_id
        ]
        created.append(_created(directive, coordinating, actor, f"assigned by notice {notice.symbol}"))
    return created


@transaction.atomic
def directive_update(
    *,
    directive: Directive,
    actor: User,
    title: str,
    expected_result: str,
    lead_organization: Organization | None,
    coordinating_organizations: Iterable[Organization] = (),
    priority: str = Directive.Priority.NORMAL,
    access: DirectiveAccess | None = None,
) -> Directive:
    """The chair or a deputy corrects an open directive: what, for whom, how urgent. The deadline
    changes only through an extension, so its history stays true."""
    directive = _lock(directive)
    _access(actor, directive, access).ensure(R.EDIT)
    title = _clean_text(title, "title", _("Write what is to be done."))
    coordinating = _validate_agencies(lead_organization, coordinating_organizations)
    lead_changed = directive.lead_organization_id != lead_organization.pk
    directive.title = title
    directive.expected_result = (expected_result or "").strip()
    directive.lead_organization = lead_organization
    directive.priority = priority
    save_with_history(
        directive, actor, "edited", ["title", "expected_result", "lead_organization", "priority"]
    )
    directive.coordinating_organizations.set(coordinating)
    _event(directive, K.EDITED, actor)
    if lead_changed:
        _notify_lead(directive, "tasks.assigned", {"directive": directive.pk}, exclude=actor)
    return directive


# --- the status table's moves -----------------------------------------------------------------------


@transaction.atomic
def directive_start(*, directive: Directive, actor: User, access: DirectiveAccess | None = None) -> Directive:
    """The lead agency starts the work (also done by its first progress update)."""
    directive = _lock(directive)
    _access(actor, directive, access).ensure(R.POST_PROGRESS)
    return _start(directive, actor)


def _start(directive: Directive, actor: User) -> Directive:
    old = directive.status
    directive.status = _move(directive, A.START)
    save_with_history(directive, actor, "started", ["status"])
    _event(directive, K.STARTED, actor, from_status=old, to_status=directive.status)
    return directive


@transaction.atomic
def progress_post(
    *,
    directive: Directive,
    actor: User,
    text: str,
    percent: int | None,
    files: Sequence[UploadedFile] = (),
    access: DirectiveAccess | None = None,
) -> DirectiveEvent:
    """The lead agency's member or focal officer posts how far the work is, with evidence; the
    first update starts the work (assigned → in progress)."""
    directive = _lock(directive)
    _access(actor, directive, access).ensure(R.POST_PROGRESS)
    text = _clean_text(text, "text", _("Write what has been done."))
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationError({"percent": _("Progress is a percentage from 0 to 100.")})
    _check_files(files)
    old = directive.status
    if directive.status == S.ASSIGNED:
        directive.status = _move(directive, A.START)
    fields = ["status"]
    if percent is not None:
        directive.percent = percent
        fields.append("percent")
    save_with_history(directive, actor, "progress posted", fields)
    event = _event(
        directive,
        K.PROGRESS,
        actor,
        text=text,
        percent=percent,
        organization=directive.lead_organization,
        from_status=old if old != directive.status else "",
        to_status=directive.status if old != directive.status else "",
    )
    _attach(event, files, actor)
    return event


@transaction.atomic
def contribution_add(
    *,
    directive: Directive,
    actor: User,
    text: str,
    organization: Organization | None = None,
    files: Sequence[UploadedFile] = (),
    access: DirectiveAccess | None = None,
) -> DirectiveEvent:
    """A coordinating agency's people add what their agency contributed."""
    directive = _lock(directive)
    access = _access(actor, directive, access)
    access.ensure(R.ADD_CONTRIBUTION)
    mine = access.contributing_agency_ids
    if organization is None:
        if len(mine) != 1:
            raise ValidationError({"organization": _("Choose the agency you write for.")})
        organization = Organization.objects.get(pk=next(iter(mine)))
    elif organization.pk not in mine:
        raise ValidationError({"organization": _("You do not act for that agency on this directive.")})
    text = _clean_text(text, "text", _("Write what your agency contributed."))
    _check_files(files)
    event = _event(directive, K.CONTRIBUTION, actor, text=text, organization=organization)
    _attach(event, files, actor)
    _notify_lead(
        directive,
        "tasks.contribution",
        {"directive": directive.pk, "agency": organization.name},
        exclude=actor,
    )
    return event


@transaction.atomic
def directive_report_done(
    *,
    directive: Directive,
    actor: User,
    summary: str,
    files: Sequence[UploadedFile] = (),
    document_number: str = "",
    document_date: datetime.date | None = None,
    access: DirectiveAccess | None = None,
) -> Directive:
    """The lead agency reports the work done, with a summary and evidence: a file, or the number
    and date of the document it issued. Timeliness is measured from today against the deadline
    in force today; a pending extension request lapses."""
    directive = _lock(directive)
    _access(actor, directive, access).ensure(R.REPORT_DONE)
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if not (summary or "").strip():
        errors["summary"] = _("Summarise what was done.")
    document_number = (document_number or "").strip()
    if bool(document_number) != (document_date is not None):
        errors["document_number" if not document_number else "document_date"] = _(
            "Give both the number and the date of the document."
        )
    elif document_date is not None:
        created_on = timezone.localdate(directive.created_at)
        if document_date > today:
            errors["document_date"] = _("The document cannot be dated in the future.")
        elif directive.reference_date is None and document_date < created_on - datetime.timedelta(days=366):
            errors["document_date"] = _("That document is older than the directive by more than a year.")
    if (
        not files
        and not document_number
        and "document_number" not in errors
        and "document_date" not in errors
    ):
        errors["files"] = _("Attach evidence: a file, or the number and date of the document issued.")
    if errors:
        raise ValidationError(errors)
    _check_files(files)
    old = directive.status
    directive.status = _move(directive, A.REPORT_DONE)
    directive.percent = 100
    directive.reported_done_on = today
    directive.deadline_at_report = directive.deadline
    directive.acceptance_proposed_at = None
    directive.acceptance_proposed_by = None
    save_with_history(
        directive,
        actor,
        "reported done",
        [
            "status",
            "percent",
            "reported_done_on",
            "deadline_at_report",
            "acceptance_proposed_at",
            "acceptance_proposed_by",
        ],
    )
    for pending in directive.extension_requests.filter(status=ExtensionRequest.Status.PENDING):
        pending.status = ExtensionRequest.Status.WITHDRAWN
        pending.decided_at = timezone.now()
        save_with_history(pending, actor, "withdrawn: reported done", ["status", "decided_at"])
    event = _event(
        directive,
        K.REPORTED_DONE,
        actor,
        text=summary.strip(),
        percent=100,
        organization=directive.lead_organization,
        from_status=old,
        to_status=directive.status,
        document_number=document_number,
        document_date=document_date,
    )
    _attach(event, files, actor)
    _notify_holders(
        directive,
        ("propose_acceptance", "decide_directive", "follow_up_directives"),
        "tasks.reported_done",
        {"directive": directive.pk},
        exclude=actor,
    )
    return directive


@transaction.atomic
def acceptance_propose(
    *, directive: Directive, actor: User, note: str = "", access: DirectiveAccess | None = None
) -> Directive:
    """The secretariat checks the reported work and proposes that it be accepted."""
    directive = _lock(directive)
    _access(actor, directive, access).ensure(R.PROPOSE_ACCEPTANCE)
    _move(directive, A.PROPOSE_ACCEPTANCE)
    directive.acceptance_proposed_at = timezone.now()
    directive.acceptance_proposed_by = actor
    save_with_history(
        directive, actor, "acceptance proposed", ["acceptance_proposed_at", "acceptance_proposed_by"]
    )
    _event(directive, K.ACCEPTANCE_PROPOSED, actor, text=(note or "").strip())
    _notify_holders(
        directive,
        ("decide_directive", "follow_up_directives"),
        "tasks.acceptance_proposed",
        {"directive": directive.pk},
        exclude=actor,
    )
    return directive


@transaction.atomic
def directive_accept(
    *, directive: Directive, actor: User, note: str = "", access: DirectiveAccess | None = None
) -> Directive:
    """The chair, a deputy or the standing member accepts the reported work: it is closed."""
    directive = _lock(directive)
    _access(actor, directive, access).ensure(R.ACCEPT)
    old = directive.status
    directive.status = _move(directive, A.ACCEPT)
    directive.closed_at = timezone.now()
    directive.closed_by = actor
    save_with_history(directive, actor, "accepted", ["status", "closed_at", "closed_by"])
    _event(
        directive, K.ACCEPTED, actor, text=(note or "").strip(), from_status=old, to_status=directive.status
    )
    _notify_lead(directive, "tasks.accepted", {"directive": directive.pk}, exclude=actor)
    return directive


@transaction.atomic
def directive_return(
    *, directive: Directive, actor: User, reason: str, access: DirectiveAccess | None = None
) -> Directive:
    """The reported work is not accepted: back to in progress, with the reason, for the lead
    agency to complete and report again (its next report is measured anew)."""
    directive = _lock(directive)
    _access(actor, directive, access).ensure(R.ACCEPT)
    reason = _clean_text(reason, "reason", _("Say why the work is returned."))
    old = directive.status
    directive.status = _move(directive, A.RETURN)
    directive.times_returned += 1
    directive.reported_done_on = None
    directive.deadline_at_report = None
    directive.acceptance_proposed_at = None
    directive.acceptance_proposed_by = None
    save_with_history(
        directive,
        actor,
        "returned",
        [
            "status",
            "times_returned",
            "reported_done_on",
            "deadline_at_report",
            "acceptance_proposed_at",
            "acceptance_proposed_by",
        ],
    )
    _event(directive, K.RETURNED, actor, text=reason, from_status=old, to_status=directive.status)
    _notify_lead(directive, "tasks.returned", {"directive": directive.pk, "reason": reason}, exclude=actor)
    return directive


@transaction.atomic
def directive_cancel(
    *, directive: Directive, actor: User, reason: str, access: DirectiveAccess | None = None
) -> Directive:
    """The chair or a deputy cancels the directive, with the reason."""
    directive = _lock(directive)
    _access(actor, directive, access).ensure(R.CANCEL)
    reason = _clean_text(reason, "reason", _("Say why the directive is cancelled."))
    old = directive.status
    directive.status = _move(directive, A.CANCEL)
    directive.closed_at = timezone.now()
    directive.closed_by = actor
    save_with_history(directive, actor, "cancelled", ["status", "closed_at", "closed_by"])
    for pending in directive.extension_requests.filter(status=ExtensionRequest.Status.PENDING):
        pending.status = ExtensionRequest.Status.WITHDRAWN
        pending.decided_at = timezone.now()
        save_with_history(pending, actor, "withdrawn: directive cancelled", ["status", "decided_at"])
    _event(directive, K.CANCELLED, actor, text=reason, from_status=old, to_status=directive.status)
    _notify_lead(directive, "tasks.cancelled", {"directive": directive.pk, "reason": reason}, exclude=actor)
    return directive


# --- extensions -------------------------------------------------------------------------------------


@transaction.atomic
def extension_request(
    *,
    directive: Directive,
    actor: User,
    proposed_deadline: datetime.date | None,
    reason: str,
    access: DirectiveAccess | None = None,
) -> ExtensionRequest:
    """The lead agency asks for a later deadline, with the reason; one request waits at a time."""
    directive = _lock(directive)
    _access(actor, directive, access).ensure(R.REQUEST_EXTENSION)
    errors: dict[str, str] = {}
    if not (reason or "").strip():
        errors["reason"] = _("Say why more time is needed.")
    if proposed_deadline is None:
        errors["proposed_deadline"] = _("Give the new deadline asked for.")
    elif proposed_deadline <= directive.deadline:
        errors["proposed_deadline"] = _("The new deadline must be after the one in force (%(date)s).") % {
            "date": directive.deadline.strftime("%d/%m/%Y")
        }
    elif proposed_deadline < timezone.localdate():
        errors["proposed_deadline"] = _("The new deadline cannot be in the past.")
    if errors:
        raise ValidationError(errors)
    # A request already waiting is refused by `ensure` above (DirectiveAccess: REQUEST_EXTENSION).
    request = ExtensionRequest(
        directive=directive,
        requested_by=actor,
        requested_at=timezone.now(),
        reason=reason.strip(),
        current_deadline=directive.deadline,
        proposed_deadline=proposed_deadline,
    )
    save_with_history(request, actor, "requested")
    _event(
        directive, K.EXTENSION_REQUESTED, actor, text=request.reason, organization=directive.lead_organization
    )
    codenames = ["decide_directive"]
    if directive.committee.standing_member_decides_extensions:
        codenames.append("follow_up_directives")
    _notify_holders(
        directive,
        codenames,
        "tasks.extension_requested",
        {"directive": directive.pk, "deadline": proposed_deadline},
        exclude=actor,
    )
    return request


@transaction.atomic
def extension_decide(
    *,
    request: ExtensionRequest,
    actor: User,
    approve: bool,
    note: str = "",
    access: DirectiveAccess | None = None,
) -> ExtensionRequest:
    """Approve (the deadline becomes the one asked; the original and the count are kept) or
    refuse (with a reason) a request for a new deadline; the lead agency is told either way."""
    directive = _lock(request.directive)
    request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    _access(actor, directive, access).ensure(R.DECIDE_EXTENSION, request)
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError({"note": _("Say why the new deadline is refused.")})
    request.status = ExtensionRequest.Status.APPROVED if approve else ExtensionRequest.Status.REFUSED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_note = note
    save_with_history(request, actor, request.status, ["status", "decided_by", "decided_at", "decision_note"])
    params = {"directive": directive.pk, "deadline": request.proposed_deadline}
    if approve:
        directive.deadline = request.proposed_deadline
        directive.extension_count += 1
        save_with_history(directive, actor, "deadline extended", ["deadline", "extension_count"])
        _event(directive, K.EXTENSION_APPROVED, actor, text=note)
        _notify_lead(directive, "tasks.extension_approved", params, exclude=actor)
    else:
        _event(directive, K.EXTENSION_REFUSED, actor, text=note)
        _notify_lead(directive, "tasks.extension_refused", {**params, "reason": note}, exclude=actor)
    return request


# --- urging -----------------------------------------------------------------------------------------


@transaction.atomic
def directive_urge(
    *,
    directive: Directive,
    actor: User | None,
    note: str = "",
    access: DirectiveAccess | None = None,
) -> DirectiveEvent:
    """Đôn đốc: tell the lead agency's member and focal officers to get on with an open directive,
    logged on it with who and when. `actor=None` is the portal urging by itself (the reminders
    call this for overdue and soon-due work); a person must hold the right to urge."""
    directive = _lock(directive)
    if actor is not None:
        _access(actor, directive, access).ensure(R.URGE)
    elif directive.status not in Directive.OPEN_STATUSES:
        raise DirectiveError(_("Only open work is urged."))
    directive.last_urged_at = timezone.now()
    save_with_history(directive, actor, "urged (automatic)" if actor is None else "urged", ["last_urged_at"])
    event = _event(directive, K.URGED, actor, text=(note or "").strip(), automatic=actor is None)
    params = {"directive": directive.pk, "note": event.text or "—"}
    _notify_lead(directive, "tasks.urged", params, exclude=actor)
    return event


# --- the sub-team following up (Điều 4.3, 7.8) -------------------------------------------------------


@transaction.atomic
def follow_up_team_set(
    *, directive: Directive, actor: User, team: SupportTeam | None, access: DirectiveAccess | None = None
) -> Directive:
    """Give the directive to a support sub-team of its committee to follow up (`team` None: to no
    sub-team any more). Logged on the timeline; the sub-team's members are told."""
    directive = _lock(directive)
    _access(actor, directive, access).ensure(R.SET_FOLLOW_UP_TEAM)
    if team is not None and team.committee_id != directive.committee_id:
        raise ValidationError({"team": _("Choose a sub-team of the directive's committee.")})
    if (team.pk if team else None) == directive.follow_up_team_id:
        raise ValidationError({"team": _("The directive is already with this sub-team.")})
    directive.follow_up_team = team
    save_with_history(directive, actor, "sub-team following up", ["follow_up_team"])
    _event(directive, K.FOLLOW_UP_TEAM, actor, text=team.name if team else "")
    if team is not None:
        users = [
            m.user for m in team.memberships.select_related("user") if m.user.is_active and m.user != actor
        ]
        if users:
            notify(
                users=users,
                kind="tasks.follow_up_team",
                params={"directive": directive.pk, "team": team.name},
                url=directive.get_absolute_url(),
            )
    return directive


@transaction.atomic
def directives_urge_automatically(*, directive_ids: Sequence[int]) -> list[int]:
    """The portal's own urging of many directives at once (the reminders' weekly urging of overdue
    work): each one still open is urged as `directive_urge(actor=None)` urges one — its
    `last_urged_at` and history, an URGED event marked automatic — in a fixed number of queries;
    returns the ids urged. Telling the lead agencies is the caller's (one notification each)."""
    now = timezone.now()
    directives = list(
        Directive.objects.select_for_update()
        .filter(pk__in=list(directive_ids), status__in=Directive.OPEN_STATUSES)
        .order_by("pk")
    )
    for directive in directives:
        directive.last_urged_at = now
    bulk_update_with_history(
        directives,
        Directive,
        ["last_urged_at"],
        batch_size=500,
        default_change_reason="urged (automatic)",
    )
    DirectiveEvent.objects.bulk_create(
        [DirectiveEvent(directive=d, kind=K.URGED, actor=None, at=now, automatic=True) for d in directives],
        batch_size=500,
    )
    return [d.pk for d in directives]
