"""Forms of the reports area; the services check the rules again (they are the rule)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, TextAreaField
from wtforms.validators import NumberRange, Optional

from tavolo.forms import Form
from tavolo.money import EuroField


class MandateForm(Form):
    """The narrative and declared figures of a published end-of-mandate report."""

    narrative = TextAreaField(_l("Racconto del mandato (Markdown)"), render_kw={"rows": 14})
    declared_spend = EuroField(_l("Spesa complessiva dichiarata (€)"))
    seminars_held = IntegerField(_l("Seminari dichiarati"),
                                 validators=[Optional(), NumberRange(min=0, max=1000)])
