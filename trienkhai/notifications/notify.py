"""In-app notifications (and e-mail when the user has an address), at most once per
user and key, so a daily command run twice reminds nobody twice."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from trienkhai.notifications.models import Notification

log = logging.getLogger("trienkhai.notify")


def notify_once(user, *, text, key, url="", subject="", email=True):
    """True when the user was notified now; False when already notified under `key`."""
    try:
        with transaction.atomic():
            Notification.objects.create(user=user, text=text, key=key, url=url)
    except IntegrityError:
        return False
    if email and user.email:
        body = text
        if url:  # a link the reader can follow from their mail client, to this site
            body = f"{text}\n\n{settings.TK_SITE_URL.rstrip('/')}{url}"
        try:
            send_mail(subject or text[:80], body, None, [user.email])
        except OSError:
            log.exception("notification e-mail to %s failed", user.email)
    return True
