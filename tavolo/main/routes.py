"""Home page, language choice and the health check."""

from __future__ import annotations

import sqlalchemy as sa
from flask import jsonify, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from tavolo import navigation
from tavolo.auth.forms import LoginForm
from tavolo.auth.models import LANGUAGES
from tavolo.dashboard.blocks import DASHBOARD_BLOCKS, WELCOME_BLOCKS, load_blocks
from tavolo.dashboard.services import record_visit
from tavolo.extensions import csrf, db, limiter
from tavolo.main import bp, services
from tavolo.security import safe_next


@bp.record_once
def _menu(state) -> None:
    navigation.add(state.app, "main.index", _l("Home"), 0)


@bp.get("/")
def index():
    """The public welcome page, or the signed-in reader's dashboard."""
    summary = services.network_summary(current_user)
    if not current_user.is_authenticated:
        return render_template("main/welcome.html", form=LoginForm(), summary=summary,
                               next_url=url_for("main.index"),
                               blocks=load_blocks(WELCOME_BLOCKS, current_user))
    record_visit(current_user)
    db.session.commit()
    return render_template("dashboard/home.html", summary=summary,
                           blocks=load_blocks(DASHBOARD_BLOCKS, current_user))


@bp.post("/language")
def set_language():
    """Remember the visitor's language; a signed-in user's choice is saved in the profile."""
    locale = request.form.get("locale", "")
    if locale in LANGUAGES:
        session["locale"] = locale
        if current_user.is_authenticated:
            current_user.locale = locale
            db.session.commit()
    return redirect(safe_next(request.form.get("next"), url_for("main.index")), code=303)


@bp.get("/healthz")
@limiter.exempt
@csrf.exempt
def healthz():
    """200 after a database round trip; 503 when the database does not answer."""
    try:
        db.session.execute(sa.text("SELECT 1")).scalar_one()
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok")
