"""The account page's choices and the coordinators' defaults: one select per kind."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import InputRequired

from tavolo.forms import Form
from tavolo.forms import choices as select_choices
from tavolo.notifications.models import DELIVERY_LABELS, Delivery, NotificationKind

FOLLOW_DEFAULT = ""


def field_name(kind: NotificationKind) -> str:
    return f"kind_{kind.value}"


class PreferencesForm(Form):
    """``kind_<kind>``: immediate, digest, off, or "" for the network's default."""

    def kind_fields(self):
        return [(kind, self[field_name(kind)]) for kind in NotificationKind]

    def chosen(self) -> dict[NotificationKind, Delivery | None]:
        return {kind: Delivery(f.data) if f.data else None for kind, f in self.kind_fields()}

    def fill(self, choices: dict, defaults: dict) -> None:
        """Set the default's name on the empty choice and the current values."""
        for kind, f in self.kind_fields():
            f.choices = select_choices([(FOLLOW_DEFAULT, _l("Come la rete (%(default)s)",
                                                            default=defaults[kind].label))]
                                       + _DELIVERY_PAIRS)
            if not f.raw_data:
                f.data = choices[kind].value if choices.get(kind) else FOLLOW_DEFAULT


class DefaultsForm(Form):
    """``kind_<kind>``: the network's default for each kind."""

    def kind_fields(self):
        return [(kind, self[field_name(kind)]) for kind in NotificationKind]

    def defaults(self) -> dict[NotificationKind, Delivery]:
        return {kind: Delivery(f.data) for kind, f in self.kind_fields()}

    def fill(self, defaults: dict) -> None:
        for kind, f in self.kind_fields():
            if not f.raw_data:
                f.data = defaults[kind].value


_DELIVERY_PAIRS = [(member.value, label) for member, label in DELIVERY_LABELS.items()]

for _kind in NotificationKind:
    setattr(PreferencesForm, field_name(_kind), SelectField(
        _kind._label, choices=select_choices([(FOLLOW_DEFAULT, _l("Come la rete"))] + _DELIVERY_PAIRS)))
    setattr(DefaultsForm, field_name(_kind), SelectField(
        _kind._label, choices=select_choices(_DELIVERY_PAIRS), validators=[InputRequired()]))
