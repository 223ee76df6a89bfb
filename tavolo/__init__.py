"""Tavolo: the working tool of a local employment-policy network."""

from __future__ import annotations

import importlib
import os

from flask import Flask

# Every area package: its name (``tavolo/<name>/``, blueprint ``bp`` in ``__init__.py``,
# views in ``routes``) and the URL prefix it is registered at. A new area is one more row.
AREAS: tuple[tuple[str, str | None], ...] = (
    ("main", None),
    ("auth", None),
    ("admin", "/admin"),
    ("directory", "/directory"),
    ("internships", "/directory"),
    ("projects", "/projects"),
    ("meetings", "/meetings"),
    ("proposals", "/proposals"),
    ("rounds", "/rounds"),
    ("calendar", None),
    ("seminars", "/seminars"),
    ("documents", "/documents"),
    ("search", "/search"),
    ("opendata", "/open-data"),
    ("api", "/api"),
    ("notices", "/notices"),
    ("dashboard", "/dashboard"),
    ("reports", "/reports"),
    ("notifications", "/notifications"),
)

# Areas whose ``search`` module registers what of them can be searched (``register_search``).
SEARCH_SOURCES = ("projects", "meetings", "proposals", "directory", "seminars", "documents",
                  "notices")


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application.

    Configuration comes from ``TAVOLO_*`` environment variables (see ``tavolo.config``);
    ``test_config`` overrides it for the test suite, and may name another instance folder
    with ``INSTANCE_PATH``.
    """
    from tavolo import (
        bounds,
        busy,
        cli,
        config,
        database,
        errors,
        i18n,
        navigation,
        security,
        templating,
    )
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
                     render_as_batch=True, compare_type=True,
                     include_name=database.include_name)
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

    for name, url_prefix in AREAS:
        importlib.import_module(f"tavolo.{name}.routes")  # the views decorate the area's bp
        app.register_blueprint(importlib.import_module(f"tavolo.{name}").bp,
                               url_prefix=url_prefix)
    importlib.import_module("tavolo.search").init_app(app)
    for name in SEARCH_SOURCES:
        importlib.import_module(f"tavolo.{name}.search").register_search(app)
    return app
