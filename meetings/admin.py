"""Administration of the meetings app: the archive of signed documents, for administrators to look
up: read-only, because a signed copy is never edited or removed from the portal (Decree 30/2020,
Art. 15)."""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import SignedDocument


@admin.register(SignedDocument)
class SignedDocumentAdmin(SimpleHistoryAdmin):
    list_display = ["kind", "meeting", "short_hash", "size", "created_at"]
    list_filter = ["kind", "meeting__committee"]
    search_fields = ["sha256", "meeting__title"]
    list_select_related = ["meeting", "meeting__committee"]
    date_hierarchy = "created_at"
    fields = [
        "kind",
        "meeting",
        "notice",
        "minutes",
        "letter",
        "invitation",
        "stored_as",
        "sha256",
        "size",
        "created_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("stored as"))
    def stored_as(self, obj: SignedDocument) -> str:
        return obj.file.name  # private storage: downloaded through the meeting page, not a URL

    @admin.display(description=_("SHA-256 checksum"))
    def short_hash(self, obj: SignedDocument) -> str:
        return f"{obj.sha256[:16]}…"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
