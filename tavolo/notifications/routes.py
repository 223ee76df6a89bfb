"""The notification choices on the account page, the coordinators' defaults, and the
one-click unsubscribe page behind the link of every notification (no login).

Opening an unsubscribe link shows what it turns off and one button; the change is made by
the POST only (mail scanners open every link). The POST is exempt from CSRF because mail
programs send it on their own (RFC 8058: ``List-Unsubscribe=One-Click`` in the body); the
signed token is what authorises it.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tavolo.auth.decorators import coordinator_required
from tavolo.auth.sections import ACCOUNT_SECTIONS, AccountSection
from tavolo.editing import saving
from tavolo.extensions import csrf
from tavolo.notifications import bp, services
from tavolo.notifications.forms import DefaultsForm, PreferencesForm
from tavolo.notifications.models import Delivery


def _account_data(user) -> dict:
    form = PreferencesForm(formdata=None)
    form.fill(services.choices_of(user), services.network_defaults())
    return {"form": form}


@bp.record_once
def _plug_in(state) -> None:
    ACCOUNT_SECTIONS.add(state.app, AccountSection(
        key="notifications", template="notifications/_account_section.html",
        load=_account_data, order=20))


@bp.post("/preferences")
@login_required
def preferences():
    form = PreferencesForm()
    form.fill(services.choices_of(current_user), services.network_defaults())
    if form.validate_on_submit():
        with saving(form) as saved:
            services.set_choices(current_user, form.chosen())
        if saved:
            flash(_("Preferenze delle notifiche salvate."), "success")
            return redirect(url_for("auth.account", _anchor="notifications"), code=303)
    return render_template("notifications/preferences.html", form=form), 400


@bp.route("/defaults", methods=["GET", "POST"])
@coordinator_required
def defaults():
    form = DefaultsForm()
    form.fill(services.network_defaults())
    if form.validate_on_submit():
        with saving(form) as saved:
            services.set_defaults(current_user, form.defaults())
        if saved:
            flash(_("Impostazioni predefinite delle notifiche salvate."), "success")
            return redirect(url_for("notifications.defaults"), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("notifications/defaults.html", form=form), status


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    try:
        user, kind = services.read_unsubscribe_token(token)
    except services.UnsubscribeLinkError as problem:
        return (render_template("notifications/unsubscribe.html", problem=problem),
                404 if problem.reason == "unknown" else 400)
    done = False
    if request.method == "POST":
        with saving(quiet=True) as saved:
            services.unsubscribe(user, kind)
        done = bool(saved)
    is_off = services.delivery_for(user, kind) == Delivery.OFF
    return render_template("notifications/unsubscribe.html", problem=None, kind=kind,
                           done=done, is_off=is_off, token=token)
