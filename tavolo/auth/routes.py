"""Login, logout, invitations, password reset and the account page."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.exceptions import TooManyRequests

from tavolo.audit import history
from tavolo.auth import attempts, bp, sections, services
from tavolo.auth.forms import (
    AccountForm,
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    SetPasswordForm,
)
from tavolo.auth.models import ROLE_LABELS, AnonymousUser, User
from tavolo.auth.tokens import Purpose, TokenError, TokenProblem, read_token
from tavolo.extensions import db, limiter, login_manager
from tavolo.security import safe_next
from tavolo.types import utcnow

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Accedi per vedere questa pagina.")
login_manager.login_message_category = "info"
login_manager.anonymous_user = AnonymousUser
login_manager.session_protection = "basic"


@bp.record_once
def _plug_in(state) -> None:
    history.VOCABULARY.add(state.app, history.Vocabulary(
        key="auth", types={"user": _l("Account")},
        fields={"user_id": _l("Account collegato"), "email": _l("E-mail"), "role": _l("Ruolo"),
                "active": _l("Attivo"), "locale": _l("Lingua")},
        values={"role": ROLE_LABELS},
        names={"user": (User.id, User.name)}, references={"user_id": "user"}))


@bp.context_processor
def _account_sections():
    """Other areas' parts of the account page (see ``tavolo.auth.sections``)."""
    return {"account_sections": lambda: sections.sections_for(current_user)}


@login_manager.user_loader
def load_user(value: str) -> User | None:
    """Sessions store ``id:stamp``; a changed password or a deactivation ends them."""
    user_id, _sep, stamp = value.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.security_stamp != stamp:
        return None
    return user


class TooManyAttempts(TooManyRequests):
    """Too many login attempts: the error page explains it (see ``tavolo.errors``)."""

    explained = True


@bp.route("/login", methods=["GET", "POST"])
def login():
    next_url = safe_next(request.values.get("next"), url_for("main.index"))
    if current_user.is_authenticated:
        return redirect(next_url)
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        # Counted first, checked afterwards (``tavolo.auth.attempts``).
        if not attempts.reserve(form.email.data):
            raise TooManyAttempts(_(
                "Troppi tentativi di accesso non riusciti. Per sicurezza l'accesso è sospeso "
                "per qualche minuto: riprova più tardi oppure reimposta la password."))
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            status = 401
            form.password.errors.append(
                _("Indirizzo e-mail o password non corretti, oppure account non attivo."))
        else:
            attempts.succeeded(form.email.data)
            login_user(user, remember=form.remember.data)
            user.last_login_at = utcnow()
            db.session.commit()
            flash(_("Benvenuta/o, %(name)s.", name=user.name), "success")
            return redirect(next_url, code=303)
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form, next_url=next_url), status


@bp.post("/logout")
def logout():
    logout_user()
    flash(_("Sei uscita/o dal Tavolo."), "info")
    return redirect(url_for("main.index"), code=303)


def _token_problem(problem: TokenProblem, purpose: Purpose):
    return render_template("auth/token_problem.html", problem=problem, purpose=purpose), 400


def _set_password(token: str, purpose: Purpose, via: str, done):
    """The page a link of ``purpose`` opens: a new password for the account the token
    names; once saved, ``done(user)`` answers (the user is signed out first)."""
    try:
        user = read_token(token, purpose)
    except TokenError as error:
        return _token_problem(error.problem, purpose)
    if purpose == Purpose.INVITATION and user.has_password:
        return _token_problem(TokenProblem.USED, purpose)
    form = SetPasswordForm()
    form.email_for_check = user.email
    if form.validate_on_submit():
        services.set_new_password(user, form.password.data, via=via)
        db.session.commit()
        logout_user()
        return done(user)
    return render_template("auth/set_password.html", form=form, user=user,
                           purpose=purpose), 400 if form.errors else 200


def _welcome(user):
    login_user(user)
    flash(_("Il tuo account è attivo. Benvenuta/o nel Tavolo!"), "success")
    return redirect(url_for("main.index"), code=303)


def _to_login(user):
    flash(_("Password aggiornata. Ora puoi accedere con la nuova password."), "success")
    return redirect(url_for("auth.login"), code=303)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    return _set_password(token, Purpose.INVITATION, "invitation", _welcome)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"], scope="password-forgot")
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        return render_template("auth/forgot_password_sent.html", email=form.email.data)
    return render_template("auth/forgot_password.html", form=form), 400 if form.errors else 200


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    return _set_password(token, Purpose.PASSWORD_RESET, "reset", _to_login)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = AccountForm(obj=current_user)
    password_form = ChangePasswordForm(prefix="pw")
    if form.validate_on_submit():
        services.update_account(current_user, name=form.name.data, locale=form.locale.data)
        db.session.commit()
        flash(_("Dati del profilo salvati."), "success")
        return redirect(url_for("auth.account"), code=303)
    return render_template("auth/account.html", form=form, password_form=password_form), \
        400 if form.errors else 200


@bp.post("/account/password")
@login_required
def change_password():
    form = AccountForm(obj=current_user, formdata=None)
    password_form = ChangePasswordForm(prefix="pw")
    password_form.email_for_check = current_user.email
    if password_form.validate_on_submit():
        if not current_user.check_password(password_form.current_password.data):
            password_form.current_password.errors.append(_("La password attuale non è corretta."))
        else:
            user = current_user._get_current_object()
            services.set_new_password(user, password_form.password.data, via="change")
            db.session.commit()
            # The stamp changed: other sessions end, this one continues with the new stamp.
            login_user(user)
            flash(_("Password cambiata. Le altre sessioni aperte sono state chiuse."), "success")
            return redirect(url_for("auth.account"), code=303)
    return render_template("auth/account.html", form=form, password_form=password_form), 400
