"""The whole API against its own OpenAPI document, with property-based requests.

Schemathesis reads ``/api/v1/openapi.json`` from the app and sends each operation
requests made from its parameters (ids, pages, dates, project filters), anonymously and
with a member's token; no answer may be a server error, have a status the document does
not list, or break the documented schema. Bounded in examples, so it takes a minute or two.
"""

from __future__ import annotations

import contextvars

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks as core_checks
from schemathesis.specs.openapi import checks

from tavolo.auth.models import Role
from tests.factories import make_user

CHECKS = [core_checks.not_a_server_error, checks.status_code_conformance,
          checks.content_type_conformance, checks.response_schema_conformance,
          checks.response_headers_conformance]


@pytest.fixture
def member_token(token_for):
    return token_for(make_user(Role.MEMBER))


def test_api_matches_its_openapi_document(app, world, member_token):
    # The loop runs Hypothesis per operation inside one test: schemathesis' own pytest
    # decorator does not follow pytest 9 yet, and one world of objects serves them all.
    def wsgi(environ, start_response):
        # Each request in its own context, as in production (and as the test client does):
        # the test's app context must not carry one request's user into the next.
        return contextvars.Context().run(app.wsgi_app, environ, start_response)

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 16
    statuses = []

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=12, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            for headers in ({}, member_token):
                response = case.call_and_validate(headers=headers, checks=CHECKS)
                statuses.append(response.status_code)

        check()
    assert statuses.count(200) > 20 and {400, 401, 404} <= set(statuses), statuses


def test_the_document_is_openapi_3_1_generated_from_the_schemas(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    assert {"/meetings", "/meetings/{meeting_id}", "/rounds/{round_id}"} <= set(
        document["paths"])
    meeting = document["components"]["schemas"]["Meeting"]["properties"]
    assert meeting["starts_at"]["format"] == "date-time"
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def test_the_docs_page_loads_swagger_ui_from_this_site(client):
    page = client.get("/api/v1/docs").get_data(as_text=True)
    assert "vendor/swagger-ui/swagger-ui-bundle.js" in page and "js/api-docs.js" in page
    assert "<script>" not in page  # no inline script: the CSP allows none
    assert "https://" not in page.split("<main", 1)[1].split("</main>", 1)[0].replace(
        "https://creativecommons", "")
