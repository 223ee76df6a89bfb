"""The one place that finds a token for a view: 404 when it is not the reader's own."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from tavolo.api.models import ApiToken
from tavolo.extensions import db


def get_token_or_404(token_id: int) -> ApiToken:
    """The reader's own token ``token_id``; someone else's is as absent as a missing one."""
    token = db.session.get(ApiToken, token_id)
    if token is None or not token.can_revoke(current_user):
        abort(404)
    return token
