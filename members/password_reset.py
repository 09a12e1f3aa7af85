"""The password reset e-mail, sent by a Celery job (members.jobs.send_password_reset_email) so
that the request answers in the same time whether the address belongs to an account or not.

The link is built here, in the job: Django's token (default_token_generator) hashes the password
and the last login, so it works once, and PASSWORD_RESET_TIMEOUT (one hour) after it was made.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .emails import header_text, portal_url
from .models import User

logger = logging.getLogger(__name__)


def password_reset_email_send(*, user_id: int, language: str) -> bool:
    """E-mail this person a link to choose a new password, in `language`; False when the account
    can no longer reset (gone, inactive, without a usable password or an address)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password() or not user.email:
        return False
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    with translation.override(language):
        context = {"user": user, "link": portal_url(path)}
        subject = header_text(render_to_string("registration/password_reset_subject.txt", context))
        body = render_to_string("registration/password_reset_email.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    logger.info("Password reset link e-mailed to user %s.", user.pk)
    return True
