"""Time the directory and project pages on a city-scale network and print the figures.

    .venv/bin/python bench/directory_projects.py [projects] [organisations]

Builds a throw-away SQLite database through the real migrations, bulk-loads the network
(by default 1,000 projects and 200 organisations, ~10× a district), logs in as a
coordinator and prints, per page, the median time of 5 requests and the SQL queries run.
Nothing is asserted: compare the figures between versions.
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402

from tavolo import create_app  # noqa: E402
from tavolo.auth.models import Role, User  # noqa: E402
from tavolo.directory.models import Person  # noqa: E402
from tavolo.extensions import db  # noqa: E402
from tests.projects.test_query_counts import build_network  # noqa: E402


def main(projects: int = 1000, organisations: int = 200) -> None:
    folder = Path(tempfile.mkdtemp(prefix="tavolo-bench-"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
                      "INSTANCE_PATH": str(folder), "SECRET_KEY": "bench",
                      "COOKIE_SECURE": False, "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade()
        user = User(email="bench@example.org", name="Bench", role=Role.COORDINATOR)
        user.set_password("bench-password-123")
        db.session.add(user)
        db.session.commit()
        org_id, project_id = build_network("bench", orgs=organisations, projects=projects)
        person_id = db.session.scalar(sa.select(Person.id).limit(1))
        engine = db.engine
        db.session.remove()
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post("/login", data={"email": "bench@example.org",
                                "password": "bench-password-123", "csrf_token": token})
    paths = ["/projects/", "/projects/?year=2010", "/projects/funding",
             f"/projects/{project_id}", "/directory/", "/directory/?q=ente",
             f"/directory/organizations/{org_id}", "/directory/people",
             f"/directory/people/{person_id}", "/directory/hosts",
             "/directory/export/organizations.csv", "/directory/export/people.csv"]
    print(f"{projects} projects, {organisations} organisations (SQLite)")
    print(f"{'page':45} {'median ms':>10} {'queries':>8}")
    # Each request gets its own application context (and database session), as in production.
    statements: list[str] = []

    def count(*args, **kwargs):
        statements.append(args[2])

    for path in paths:
        timings = []
        for _ in range(5):
            statements.clear()
            sa.event.listen(engine, "before_cursor_execute", count)
            start = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
            sa.event.remove(engine, "before_cursor_execute", count)
            assert response.status_code == 200, path
        print(f"{path:45} {statistics.median(timings):10.1f} {len(statements):8d}")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
