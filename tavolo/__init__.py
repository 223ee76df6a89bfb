"""Tavolo: the working tool of a local employment-policy network."""

from __future__ import annotations

import os

from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application.

    Configuration comes from ``TAVOLO_*`` environment variables (see ``tavolo.config``);
    ``test_config`` overrides it for the test suite, and may name another instance folder
    with ``INSTANCE_PATH``.
    """
    from tavolo import (bounds, busy, cli, config, database, errors, i18n, navigation, security,
                        templating)
    from tavolo.extensions import csrf, db, htmx, limiter, login_manager, migrate

    overrides = dict(test_config or {})
    instance_path = overrides.pop("INSTANCE_PATH", None) or os.environ.get("TAVOLO_INSTANCE_PATH")
    app = Flask(__name__, instance_path=os.path.abspath(instance_path) if instance_path else None,
                instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(config.from_environment(app.instance_path))
    app.config.from_mapping(overrides)
    # Ids in paths: every `<int:...>` rule matches 1..2^63-1 only (404 otherwise).
    app.url_map.converters["int"] = bounds.IdConverter

    database.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
                     render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    htmx.init_app(app)
    login_manager.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    navigation.init_app(app)
    errors.init_app(app)
    busy.init_app(app)
    bounds.init_app(app)
    cli.init_app(app)

    from tavolo.admin.routes import bp as admin_bp
    from tavolo.auth.routes import bp as auth_bp
    from tavolo.directory.routes import bp as directory_bp
    from tavolo.main.routes import bp as main_bp
    from tavolo.proposals.routes import bp as proposals_bp, rounds_bp
    from tavolo.projects.routes import bp as projects_bp
    from tavolo.meetings.routes import bp as meetings_bp
    from tavolo.calendar.routes import bp as calendar_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(proposals_bp)
    app.register_blueprint(rounds_bp, url_prefix="/rounds")
    app.register_blueprint(directory_bp, url_prefix="/directory")
    app.register_blueprint(projects_bp, url_prefix="/projects")
    app.register_blueprint(meetings_bp)
    app.register_blueprint(calendar_bp)
    return app
