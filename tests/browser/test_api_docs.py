"""The API in a real browser: a member makes a token on the account page, the Swagger UI
page renders the OpenAPI document from the vendored copy with no CSP violation."""

from __future__ import annotations

from tavolo.auth.models import Role
from tests.factories import PASSWORD, make_member_person, make_project


def test_token_and_documentation_page(app, live_server, page):
    member, _person = make_member_person(Role.MEMBER, email="m@example.org")
    make_project(title="Progetto pubblico")
    page.goto(live_server + "/login")
    page.fill("#email", member.email)
    page.fill("#password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(live_server + "/")

    page.goto(live_server + "/account")
    page.fill("#api-name", "Script di prova")
    page.get_by_role("button", name="Crea un token").click()
    token = page.locator("#api-token-value").input_value()
    assert token.startswith("tvl_")
    answer = page.request.get(live_server + "/api/v1/projects",
                              headers={"Authorization": f"Bearer {token}"})
    assert answer.status == 200 and answer.json()["meta"]["total"] == 1

    page.goto(live_server + "/api/v1/docs")
    page.locator("#swagger-ui .opblock-tag", has_text="meetings").first.wait_for()
    assert page.locator("#swagger-ui .info .title", has_text="Tavolo API").count() == 1
