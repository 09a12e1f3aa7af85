"""The minutes and their signatures (Điều 4.2, 7), comments on a draft, the conclusions and the
numbered notice of conclusions."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import Committee, Organization, User

from .meetings import Meeting, MeetingError


class Minutes(models.Model):
    """The minutes of a meeting (biên bản), or an addendum correcting signed minutes.

    Once the secretary and the presiding person have both signed, the row is locked: the model
    refuses to save it and the database refuses to update it (migration 0002's trigger).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("Open for participants' comments")
        SIGNED = "signed", _("Signed")

    class SignedAs(models.TextChoices):
        PRESIDING = "presiding", _("Presiding")
        ACTING = "acting", _("Deputy acting for the chair")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="minutes_set")
    addendum_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="addenda"
    )
    body = models.TextField(_("minutes text"))
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT, editable=False)
    review_until = models.DateField(_("comments until"), null=True, blank=True, editable=False)
    secretary_signed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    secretary_signed_at = models.DateTimeField(null=True, blank=True, editable=False)
    presiding_signed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    presiding_signed_at = models.DateTimeField(null=True, blank=True, editable=False)
    presiding_signed_as = models.CharField(
        max_length=16, choices=SignedAs.choices, blank=True, editable=False
    )
    locked = models.BooleanField(default=False, editable=False)
    # The number in the committee's register (…/BB-…), given when the last signature is put
    # on (Decree 30/2020, Art. 15.2: numbers follow the signature).
    DOC_TYPE = "BB"
    year = models.PositiveIntegerField(null=True, blank=True, editable=False)
    number = models.PositiveIntegerField(null=True, blank=True, editable=False)
    updated_by = models.ForeignKey(
        User, null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["meeting", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(addendum_to__isnull=True), name="one_main_minutes_per_meeting"
            ),
            models.CheckConstraint(
                condition=~Q(status="signed")
                | Q(
                    secretary_signed_by__isnull=False,
                    secretary_signed_at__isnull=False,
                    presiding_signed_by__isnull=False,
                    presiding_signed_at__isnull=False,
                    locked=True,
                ),
                name="signed_minutes_have_both_signatures",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Minutes of %(meeting)s") % {"meeting": self.meeting})

    def save(self, *args, **kwargs) -> None:
        # Guard, not a side effect: signed minutes never change, whatever route tries it.
        if self.pk and Minutes.objects.filter(pk=self.pk, locked=True).exists():
            raise MeetingError(str(_("Signed minutes cannot be changed; add an addendum instead.")))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.locked or Minutes.objects.filter(pk=self.pk, locked=True).exists():
            raise MeetingError(str(_("Signed minutes cannot be deleted.")))
        return super().delete(*args, **kwargs)

    @property
    def symbol(self) -> str:
        """ "03/BB-BCĐCQĐT" once signed; "" before."""
        if self.number is None:
            return ""
        return f"{self.number:02d}/{self.DOC_TYPE}-{self.meeting.committee.short_code}"


class MinutesComment(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:60]}"


class Conclusion(models.Model):
    """One conclusion item (ý kiến kết luận); an instruction names a lead agency and a due date."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="conclusions")
    order = models.PositiveIntegerField(_("order"), default=1)
    text = models.TextField(_("conclusion"))
    is_instruction = models.BooleanField(_("instruction to an agency"), default=False)
    lead_organization = models.ForeignKey(
        Organization,
        verbose_name=_("lead agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")
        ordering = ["meeting", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_instruction=False)
                | Q(lead_organization__isnull=False, due_date__isnull=False),
                name="instruction_has_lead_and_due_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.text[:80]}"


class Notice(models.Model):
    """The notice of conclusions (thông báo kết luận), numbered in the committee's register."""

    class SignedAs(models.TextChoices):
        CHAIR = "chair", _("Chair")
        ACTING = "acting", _("Deputy acting for the chair (KT. TRƯỞNG BAN)")

    DOC_TYPE = "TB"

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="notice")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="notices")
    doc_type = models.CharField(max_length=8, default=DOC_TYPE, editable=False)
    year = models.PositiveIntegerField(editable=False)
    number = models.PositiveIntegerField(editable=False)
    signed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", editable=False)
    signed_as = models.CharField(max_length=16, choices=SignedAs.choices, editable=False)
    signed_at = models.DateTimeField(editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notice of conclusions")
        verbose_name_plural = _("notices of conclusions")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "doc_type", "year", "number"], name="notice_number_unique"
            )
        ]

    def __str__(self) -> str:
        return self.symbol

    @cached_property
    def symbol(self) -> str:
        """ "01/TB-BCĐCQĐT": two digits at least (Decree 30/2020, Appendix I)."""
        return f"{self.number:02d}/{self.doc_type}-{self.committee.short_code}"
