"""Meetings of a committee (Điều 4, 6.5, 8): convening, invitations and answers, attendance,
agenda and papers, minutes and their signatures, conclusions and the numbered notice."""

from documents.storage import private_storage

from .documents import SignedDocument
from .invitations import Invitation, InvitationLetter
from .meetings import (
    ROMAN_QUARTERS,
    AgendaItem,
    CalendarToken,
    Meeting,
    MeetingError,
    MeetingProposal,
    MeetingUserObjectPermission,
    Paper,
)
from .minutes import Conclusion, Minutes, MinutesComment, Notice

__all__ = [
    "ROMAN_QUARTERS",
    "AgendaItem",
    "CalendarToken",
    "Conclusion",
    "Invitation",
    "InvitationLetter",
    "Meeting",
    "MeetingError",
    "MeetingProposal",
    "MeetingUserObjectPermission",
    "Minutes",
    "MinutesComment",
    "Notice",
    "Paper",
    "SignedDocument",
    "private_storage",  # named by the migrations of papers and written opinions
]
