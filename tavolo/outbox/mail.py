"""Composing e-mails from templates, in the recipient's language, into the outbox."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import force_locale

from tavolo.outbox.models import OutboxMessage
from tavolo.outbox.services import enqueue


def _public_base() -> str:
    return current_app.config.get("PUBLIC_URL") or "http://127.0.0.1:5000"


def mail_request_context():
    """A request context for rendering mail outside a request (commands, timers, tests).

    Templates and ``url_for`` need one; inside a request this does nothing.
    """
    if has_request_context():
        return nullcontext()
    return current_app.test_request_context("/", base_url=_public_base())


def absolute_url(endpoint: str, **values) -> str:
    """A full URL for links in e-mails and calendars.

    ``TAVOLO_PUBLIC_URL`` wins when set (behind a proxy, or from the command line); otherwise
    the host of the current request is used.
    """
    with mail_request_context():
        base = current_app.config.get("PUBLIC_URL")
        if base:
            return base + url_for(endpoint, _external=False, **values)
        return url_for(endpoint, _external=True, **values)


def _mail_domain() -> str:
    base = current_app.config.get("PUBLIC_URL") or ""
    host = base.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return host or "tavolo.invalid"


def send_templated(*, to_addr: str, to_name: str = "", locale: str | None = None,
                   template: str, subject: str, category: str,
                   parts: Iterable[dict] = (), headers: dict | None = None,
                   **context) -> OutboxMessage:
    """Render ``mail/<template>.txt`` and ``.html`` and write the message to the outbox.

    ``subject`` should be a lazy string (``lazy_gettext``) so that it is translated into the
    recipient's language here, not the sender's. ``headers`` are extra header lines
    (``List-Unsubscribe`` …).
    """
    with mail_request_context(), force_locale(locale or "it"):
        context.setdefault("recipient_name", to_name)
        text = render_template(f"mail/{template}.txt", **context)
        html = render_template(f"mail/{template}.html", **context)
        translated_subject = str(subject)
    site = current_app.config.get("SITE_NAME", "Tavolo")
    return enqueue(to_addr=to_addr, to_name=to_name, subject=f"[{site}] {translated_subject}",
                   body_text=text, body_html=html, category=category, parts=parts,
                   domain=_mail_domain(), headers=headers)
