"""Coordinator pages: users and invitations, the mail outbox."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from tavolo import navigation
from tavolo.admin import bp, dashboard, queries
from tavolo.admin.forms import InviteForm, UserForm
from tavolo.audit.history import field_labels, history_view, readable_entries, type_labels
from tavolo.audit.services import history_of
from tavolo.auth import services as accounts
from tavolo.auth.decorators import coordinator_required
from tavolo.auth.models import Role, User
from tavolo.dashboard.blocks import DASHBOARD_BLOCKS, DashboardBlock
from tavolo.editing import saving
from tavolo.extensions import db
from tavolo.outbox.models import OutboxMessage, OutboxStatus
from tavolo.outbox.services import (
    SmtpSettings,
    build_email,
    build_problem,
    counts_by_status,
    retry_now,
)
from tavolo.spreadsheet import csv_response, write_rows
from tavolo.templating import datetime_filter

PER_PAGE = 50


@bp.record_once
def _menu(state) -> None:
    navigation.add(state.app, "admin.users", _l("Amministrazione"), 90, "coordinator", "admin")
    DASHBOARD_BLOCKS.add(state.app, DashboardBlock(
        key="housekeeping", title=_l("Posta e account"), template="admin/_dashboard.html",
        load=dashboard.housekeeping, order=95, audience="coordinator"))


@bp.before_request
@coordinator_required
def _only_coordinators():
    """Every page of this blueprint is for coordinators."""


@bp.get("/users")
def users():
    query = sa.select(User).order_by(User.name, User.id)
    role = request.args.get("role", "")
    state = request.args.get("state", "")
    text = request.args.get("q", "").strip()
    if role in {r.value for r in Role}:
        query = query.where(User.role == role)
    if state == "active":
        query = query.where(User.active.is_(True), User.password_hash.is_not(None))
    elif state == "invited":
        query = query.where(User.password_hash.is_(None), User.active.is_(True))
    elif state == "inactive":
        query = query.where(User.active.is_(False))
    if text:
        pattern = f"%{text.lower()}%"
        query = query.where(sa.or_(sa.func.lower(User.name).like(pattern),
                                   User.email.like(pattern)))
    page = db.paginate(query, per_page=PER_PAGE, error_out=False)
    return render_template("admin/users.html", page=page, roles=list(Role), role=role,
                           state=state, q=text)


@bp.route("/users/invite", methods=["GET", "POST"])
def invite():
    form = InviteForm()
    if form.validate_on_submit():
        with saving(form) as saved:
            user = accounts.invite_user(current_user, email=form.email.data, name=form.name.data,
                                        role=Role(form.role.data), locale=form.locale.data)
        if saved:
            flash(_("Invito per %(email)s scritto nella posta in uscita.", email=user.email),
                  "success")
            return redirect(url_for("admin.user_detail", user_id=user.id), code=303)
    return render_template("admin/invite.html", form=form), 400 if form.errors else 200


def _get_user_or_404(user_id: int) -> User:
    return db.get_or_404(User, user_id)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user_detail(user_id: int):
    user = _get_user_or_404(user_id)
    form = UserForm(obj=user) if request.method == "GET" else UserForm()
    if request.method == "GET":
        form.role.data = user.role.value
    if form.validate_on_submit():
        with saving() as saved:
            accounts.update_user(current_user, user, role=Role(form.role.data),
                                 active=form.active.data)
        if saved:
            flash(_("Modifiche salvate."), "success")
        return redirect(url_for("admin.user_detail", user_id=user.id), code=303)
    messages = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.to_addr == user.email)
        .order_by(OutboxMessage.created_at.desc()).limit(10)).all()
    return render_template("admin/user_detail.html", user=user, form=form,
                           **history_view("user", history_of("user", user.id)),
                           messages=messages), \
        400 if form.errors else 200


@bp.post("/users/<int:user_id>/reinvite")
def reinvite(user_id: int):
    user = _get_user_or_404(user_id)
    with saving() as saved:
        accounts.resend_invitation(current_user, user)
    if saved:
        flash(_("Nuovo invito scritto nella posta in uscita; il link precedente non vale più."),
              "success")
    return redirect(url_for("admin.user_detail", user_id=user.id), code=303)


@bp.get("/audit")
def audit():
    """The audit log: who changed what and when, filtered and paginated."""
    filters = queries.read_filters(request.args)
    page = db.paginate(queries.audit_query(filters), per_page=queries.AUDIT_PER_PAGE,
                       error_out=False)
    type_options = queries.type_options()
    return render_template("admin/audit.html", page=page, filters=filters,
                           rows=readable_entries(list(page.items)),
                           fields=field_labels(), types=dict(type_options),
                           type_options=type_options,
                           actor_options=queries.actor_options())


@bp.get("/audit.csv")
def audit_csv():
    """The filtered log as CSV (Italian Excel), with the same readable labels as the page."""
    filters = queries.read_filters(request.args)
    entries = list(db.session.scalars(queries.audit_query(filters)
                                      .limit(queries.AUDIT_CSV_LIMIT)))
    fields, types = field_labels(), type_labels()

    def value(item) -> str:
        if item is None or item == "":
            return "–"
        if isinstance(item, list):
            return ", ".join(str(v) for v in item)
        return str(item)

    rows = []
    for row in readable_entries(entries):
        changes = "; ".join(f"{fields.get(key, key)}: {value(old)} → {value(new)}"
                            for key, (old, new) in row["changes"].items())
        rows.append((datetime_filter(row["at"], "dd/MM/y HH:mm"), row["actor_name"],
                     row["action_label"], str(types.get(row["object_type"], row["object_type"])),
                     row["object_id"] or "", row["object_label"], changes))
    return csv_response(write_rows(
        [_("Quando (ora di Roma)"), _("Chi"), _("Operazione"), _("Tipo di oggetto"), _("Numero"),
         _("Oggetto"), _("Modifiche")], rows), "registro-modifiche")


@bp.get("/outbox")
def outbox():
    status = request.args.get("status", "")
    query = sa.select(OutboxMessage).order_by(OutboxMessage.created_at.desc(),
                                              OutboxMessage.id.desc())
    if status in {s.value for s in OutboxStatus}:
        query = query.where(OutboxMessage.status == status)
    page = db.paginate(query, per_page=PER_PAGE, error_out=False)
    return render_template("admin/outbox.html", page=page, status=status,
                           statuses=list(OutboxStatus), counts=counts_by_status(),
                           smtp_configured=SmtpSettings(current_app.config).configured)


@bp.get("/outbox/<int:message_id>")
def outbox_message(message_id: int):
    message = db.get_or_404(OutboxMessage, message_id)
    return render_template("admin/outbox_message.html", message=message,
                           problem=build_problem(message, current_app.config["MAIL_SENDER"]))


@bp.get("/outbox/<int:message_id>/html")
def outbox_message_html(message_id: int):
    """The HTML part alone, sandboxed: no scripts, no requests, no access to this site."""
    message = db.get_or_404(OutboxMessage, message_id)
    if not message.body_html:
        abort(404)
    response = Response(message.body_html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:")
    return response


@bp.get("/outbox/<int:message_id>.eml")
def outbox_message_eml(message_id: int):
    """The whole message as it will be sent, for any mail program to open."""
    message = db.get_or_404(OutboxMessage, message_id)
    problem = build_problem(message, current_app.config["MAIL_SENDER"])
    if problem:
        return render_template("admin/outbox_message.html", message=message,
                               problem=problem), 409
    email = build_email(message, current_app.config["MAIL_SENDER"])
    return Response(email.as_bytes(), mimetype="message/rfc822", headers={
        "Content-Disposition": f'attachment; filename="messaggio-{message.id}.eml"'})


@bp.post("/outbox/<int:message_id>/retry")
def outbox_retry(message_id: int):
    message = db.get_or_404(OutboxMessage, message_id)
    if message.status == OutboxStatus.SENT:
        flash(_("Questo messaggio è già stato inviato."), "info")
    else:
        retry_now(message)
        db.session.commit()
        flash(_("Il messaggio sarà ritentato al prossimo invio della posta."), "success")
    return redirect(url_for("admin.outbox_message", message_id=message.id), code=303)
