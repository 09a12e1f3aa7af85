"""Every meetings URL. tests/meetings/test_permission_matrix.py has one row per name here: a new
URL without a row fails that test."""

from django.urls import path

from .views import (
    answers,
    calendar,
    consultations,
    documents,
    invitations,
    invitees,
    meetings,
    minutes,
    proposals,
)

app_name = "meetings"

urlpatterns = [
    # Lists and calendar
    path("meetings/", meetings.meeting_list, name="meeting-list"),
    path("meetings/calendar/", calendar.calendar_month, name="calendar-month"),
    path("meetings/calendar/feed/", calendar.calendar_feed_settings, name="calendar-feed-settings"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar-feed"),
    # Preparing (secretariat, chair, deputy, standing member)
    path("committees/<int:committee_pk>/meetings/new/", meetings.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/agenda/", meetings.agenda_add, name="agenda-add"),
    path("meetings/<int:pk>/agenda/<int:item_pk>/delete/", meetings.agenda_delete, name="agenda-delete"),
    path("meetings/<int:pk>/agenda/<int:item_pk>/edit/", meetings.agenda_edit, name="agenda-edit"),
    path("meetings/<int:pk>/agenda/<int:item_pk>/move/", meetings.agenda_move, name="agenda-move"),
    path("meetings/<int:pk>/papers/", meetings.paper_upload, name="paper-upload"),
    path("meetings/<int:pk>/papers/<int:paper_pk>/", meetings.paper_download, name="paper-download"),
    path("meetings/<int:pk>/papers/<int:paper_pk>/edit/", meetings.paper_edit, name="paper-edit"),
    path("meetings/<int:pk>/papers/<int:paper_pk>/move/", meetings.paper_move, name="paper-move"),
    path("meetings/<int:pk>/invitees/", invitees.invitees_edit, name="invitees-edit"),
    path("meetings/<int:pk>/invitees/set/", invitees.invitees_set, name="invitees-set"),
    path("meetings/<int:pk>/guests/add/", invitees.guest_add, name="guest-add"),
    path("meetings/<int:pk>/guests/new/", invitees.guest_account_create, name="guest-account-create"),
    path("meetings/<int:pk>/guests/<int:invitation_pk>/remove/", invitees.guest_remove, name="guest-remove"),
    path("meetings/<int:pk>/calendar.ics", calendar.meeting_ics, name="meeting-ics"),
    # Written consultations (issue #13); their rows: tests/meetings/test_consultation_matrix.py
    path(
        "committees/<int:committee_pk>/consultations/new/",
        consultations.consultation_create,
        name="consultation-create",
    ),
    path("consultations/<int:pk>/", consultations.consultation_detail, name="consultation-detail"),
    path("consultations/<int:pk>/edit/", consultations.consultation_edit, name="consultation-edit"),
    path("consultations/<int:pk>/send/", consultations.consultation_send, name="consultation-send"),
    path(
        "consultations/<int:pk>/answers/<int:invitation_pk>/",
        consultations.consultation_answer,
        name="consultation-answer",
    ),
    path(
        "consultations/<int:pk>/answers/<int:invitation_pk>/file/",
        consultations.consultation_answer_file,
        name="consultation-answer-file",
    ),
    path("consultations/<int:pk>/summary/", consultations.consultation_summary, name="consultation-summary"),
    # Lifecycle (chair, deputy)
    path("meetings/<int:pk>/convene/", meetings.meeting_convene, name="meeting-convene"),
    path("meetings/<int:pk>/postpone/", meetings.meeting_postpone, name="meeting-postpone"),
    path("meetings/<int:pk>/cancel/", meetings.meeting_cancel, name="meeting-cancel"),
    # Answers and the roll (Điều 6.5)
    path("meetings/<int:pk>/answer/", answers.invitation_respond, name="invitation-respond"),
    path(
        "meetings/<int:pk>/invitations/<int:invitation_pk>/opinion/",
        answers.opinion_download,
        name="opinion-download",
    ),
    path(
        "meetings/<int:pk>/invitations/<int:invitation_pk>/absence/",
        answers.absence_decide,
        name="absence-decide",
    ),
    path("meetings/<int:pk>/roll/", answers.meeting_roll, name="meeting-roll"),
    path("meetings/<int:pk>/attendance/", answers.attendance_record, name="attendance-record"),
    # Minutes (Điều 4.2, 7)
    path("meetings/<int:pk>/minutes/", minutes.minutes_detail, name="minutes-detail"),
    path("meetings/<int:pk>/minutes/edit/", minutes.minutes_edit, name="minutes-edit"),
    path("meetings/<int:pk>/minutes/review/", minutes.minutes_open_review, name="minutes-open-review"),
    path("meetings/<int:pk>/minutes/comments/", minutes.minutes_comment, name="minutes-comment"),
    path(
        "meetings/<int:pk>/minutes/comments/<int:comment_pk>/answer/",
        minutes.minutes_comment_answer,
        name="minutes-comment-answer",
    ),
    path(
        "meetings/<int:pk>/minutes/review/close/", minutes.minutes_review_close, name="minutes-review-close"
    ),
    path("meetings/<int:pk>/minutes/sign/", minutes.minutes_sign, name="minutes-sign"),
    path("meetings/<int:pk>/minutes/addendum/", minutes.minutes_addendum, name="minutes-addendum"),
    # Conclusions and the notice (Điều 3, 4.2)
    path("meetings/<int:pk>/conclusions/", minutes.conclusions_edit, name="conclusions-edit"),
    path(
        "meetings/<int:pk>/conclusions/<int:conclusion_pk>/delete/",
        minutes.conclusion_delete,
        name="conclusion-delete",
    ),
    path(
        "meetings/<int:pk>/conclusions/<int:conclusion_pk>/edit/",
        minutes.conclusion_edit,
        name="conclusion-edit",
    ),
    path(
        "meetings/<int:pk>/conclusions/<int:conclusion_pk>/move/",
        minutes.conclusion_move,
        name="conclusion-move",
    ),
    path("meetings/<int:pk>/conclusions/sign/", minutes.conclusions_sign, name="conclusions-sign"),
    path("meetings/<int:pk>/notice/", minutes.notice_detail, name="notice-detail"),
    # Official documents as PDF (Decree 30/2020/NĐ-CP)
    path("meetings/<int:pk>/notice.pdf", documents.notice_pdf, name="notice-pdf"),
    path("meetings/<int:pk>/minutes.pdf", documents.minutes_pdf, name="minutes-pdf"),
    path(
        "meetings/<int:pk>/minutes/<int:minutes_pk>.pdf",
        documents.minutes_document_pdf,
        name="minutes-document-pdf",
    ),
    path("meetings/<int:pk>/invitation.pdf", invitations.invitation_pdf, name="invitation-pdf"),
    path(
        "meetings/<int:pk>/invitations/<int:invitation_pk>.pdf",
        invitations.personal_invitation_pdf,
        name="personal-invitation-pdf",
    ),
    path("meetings/<int:pk>/history/", minutes.meeting_history, name="meeting-history"),
    # Proposals of an extraordinary meeting (Điều 8.1)
    path("committees/<int:committee_pk>/proposals/", proposals.proposal_list, name="proposal-list"),
    path("proposals/<int:proposal_pk>/decide/", proposals.proposal_decide, name="proposal-decide"),
]
