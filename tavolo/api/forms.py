"""Forms of the account page's API section."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from tavolo.forms import Form


class TokenForm(Form):
    name = StringField(_l("Nome del token"), validators=[
        DataRequired(_l("Dai un nome al token, per ricordare dove lo usi.")), Length(max=80)],
        description=_l("Per esempio «Foglio di calcolo del coordinamento cittadino»."))


class RevokeForm(Form):
    """Only the CSRF token: the token to revoke is in the URL."""
