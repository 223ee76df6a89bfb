"""Comment routes. With htmx each action swaps the whole thread (``_comments.html``, which
the proposal page includes); without JavaScript the same URLs work as pages and redirects."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tavolo.bounds import parse_id
from tavolo.editing import saving
from tavolo.extensions import db
from tavolo.htmx import render, wants_fragment
from tavolo.proposals import bp
from tavolo.proposals import comments as comment_service
from tavolo.proposals.access import get_proposal_or_404
from tavolo.proposals.forms import CommentForm
from tavolo.proposals.models import Comment
from tavolo.proposals.routes.proposals import detail_context


def _comment_or_404(proposal, comment_id: int) -> Comment:
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.proposal_id != proposal.id:
        abort(404)
    return comment


def _thread_url(proposal, comment: Comment | None = None) -> str:
    anchor = f"commento-{comment.id}" if comment else "commenti"
    return url_for("proposals.detail", proposal_id=proposal.id, _anchor=anchor)


def _thread(proposal, status: int = 200, **extra):
    """The thread fragment (htmx) after an action, built like the page builds it."""
    return render("proposals/detail.html", "proposals/_comments.html", status=status,
                  **detail_context(proposal, **extra))


@bp.post("/<int:proposal_id>/comments")
@login_required
def comment(proposal_id: int):
    proposal = get_proposal_or_404(proposal_id)
    form = CommentForm()
    parent = None
    if form.parent_id.data:
        parent = _comment_or_404(proposal, parse_id(form.parent_id.data))
    if form.validate_on_submit():
        with saving(form) as saved:
            new, created = comment_service.add_comment(current_user, proposal, form.body.data,
                                                       parent=parent)
        if saved:
            if wants_fragment():
                return _thread(proposal, comment_form=CommentForm(formdata=None))
            flash(_("Commento pubblicato.") if created else
                  _("Questo commento era già stato pubblicato."), "success")
            return redirect(_thread_url(proposal, new), code=303)
    # Errors: htmx swaps only 2xx, so the thread comes back with the form showing them.
    if parent is not None:
        if wants_fragment():
            return _thread(proposal, reply_errors={parent.id: form})
        return render_template("proposals/comment_reply.html", proposal=proposal,
                               parent=parent, form=form), 400
    if wants_fragment():
        return _thread(proposal, comment_form=form)
    return render_template("proposals/detail.html",
                           **detail_context(proposal, comment_form=form)), 400


@bp.get("/<int:proposal_id>/comments/<int:comment_id>/reply")
@login_required
def reply(proposal_id: int, comment_id: int):
    """The reply form: a page of its own without JavaScript, inline under the comment with."""
    proposal = get_proposal_or_404(proposal_id)
    parent = _comment_or_404(proposal, comment_id)
    if not proposal.can_comment(current_user) or parent.is_deleted:
        abort(403)
    form = CommentForm(formdata=None, parent_id=parent.id)
    return render("proposals/comment_reply.html", "proposals/_reply_form.html",
                  proposal=proposal, parent=parent, form=form)


@bp.route("/<int:proposal_id>/comments/<int:comment_id>/edit",
          methods=["GET", "POST"])
@login_required
def edit_comment(proposal_id: int, comment_id: int):
    proposal = get_proposal_or_404(proposal_id)
    comment = _comment_or_404(proposal, comment_id)
    minutes = comment_service.edit_window_minutes()
    if not comment.can_edit(current_user, minutes=minutes):
        if wants_fragment():
            return _thread(proposal)
        flash(_("Un commento si può modificare solo entro %(minutes)d minuti dalla "
                "pubblicazione.", minutes=minutes), "warning")
        return redirect(_thread_url(proposal, comment), code=303)
    form = CommentForm(obj=comment) if request.method != "POST" else CommentForm()
    if form.validate_on_submit():
        with saving(form) as saved:
            comment_service.edit_comment(current_user, comment, form.body.data)
        if saved:
            if wants_fragment():
                return _thread(proposal)
            flash(_("Commento modificato."), "success")
            return redirect(_thread_url(proposal, comment), code=303)
    status = 400 if form.errors and not wants_fragment() else 200
    return render("proposals/comment_edit.html", "proposals/_comment_edit_form.html",
                  status=status, proposal=proposal, comment=comment, form=form, minutes=minutes)


@bp.route("/<int:proposal_id>/comments/<int:comment_id>/delete",
          methods=["GET", "POST"])
@login_required
def delete_comment(proposal_id: int, comment_id: int):
    """GET asks for confirmation, POST removes the text ("commento rimosso")."""
    proposal = get_proposal_or_404(proposal_id)
    comment = _comment_or_404(proposal, comment_id)
    if not comment.can_delete(current_user):
        abort(403)
    if request.method != "POST":
        return render_template("proposals/comment_delete.html", proposal=proposal,
                               comment=comment)
    # CSRFProtect has already checked the token of this POST.
    comment_service.delete_comment(current_user, comment)
    db.session.commit()
    if wants_fragment():
        return _thread(proposal)
    flash(_("Commento rimosso."), "success")
    return redirect(_thread_url(proposal, comment), code=303)
