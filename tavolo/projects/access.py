"""Who may read or change a project, decided in one place for every project page."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from tavolo.extensions import db, login_manager
from tavolo.projects.models import Deliberation, Project, ProjectOutcome


def _refuse() -> None:
    """Anonymous visitors are asked to log in; others are refused."""
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    abort(403)


def require_manager() -> None:
    if not Project.can_manage(current_user):
        _refuse()


def get_project_or_404(project_id: int, need: str = "view", options=()) -> Project:
    """The project if the reader may ``view`` (or ``manage``) it.

    A project the reader may not see answers 404 to logged-in users (its existence is not
    confirmed) and asks anonymous visitors to log in.
    """
    if need == "manage":
        require_manager()
    project = db.session.get(Project, project_id, options=list(options))
    if project is None:
        abort(404)
    if not project.can_view(current_user):
        if not current_user.is_authenticated:
            abort(login_manager.unauthorized())
        abort(404)
    return project


def get_deliberation_or_404(deliberation_id: int, options=()) -> Deliberation:
    require_manager()
    deliberation = db.session.get(Deliberation, deliberation_id, options=list(options))
    if deliberation is None:
        abort(404)
    return deliberation


def get_outcome_or_404(outcome_id: int, options=()) -> ProjectOutcome:
    require_manager()
    outcome = db.session.get(ProjectOutcome, outcome_id, options=list(options))
    if outcome is None:
        abort(404)
    return outcome
