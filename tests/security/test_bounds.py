"""Numbers of any size in paths, query strings and forms: never a 500 (issue 16, points 5-7)."""

from __future__ import annotations

import re

import pytest

from tavolo.auth.models import Role
from tests.factories import make_member_person, make_proposal

HUGE = str(2 ** 63)
NUMBERS = [HUGE, "9" * 40, "-" + HUGE, "0"]
QUERY_NAMES = ["page", "year", "from", "to", "project", "v", "meeting", "organization",
               "proposal", "owner", "month", "id", "q", "status"]


def _rules(app, with_int: bool):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        ints = [name for name, conv in rule._converters.items()
                if type(conv).__name__ in ("IntegerConverter", "IdConverter")]
        if with_int == bool(ints):
            yield rule, ints


def _url(rule, value: str) -> str:
    def fill(match):
        name = match.group(2)
        return value if name in rule._converters and rule._converters[name].regex == r"\d+" \
            else "x"
    return re.sub(r"<(?:([a-z_]+)(?:\([^)]*\))?:)?([a-z_]+)>", fill, rule.rule)


def test_every_rule_with_an_id_answers_404_past_the_largest_database_integer(app, client,
                                                                              coordinator):
    checked = 0
    for rule, ints in _rules(app, with_int=True):
        for value in (HUGE, "9" * 40, "0"):
            url = re.sub(r"<int(?:\([^)]*\))?:[a-z_]+>", value, rule.rule)
            url = re.sub(r"<[^>]+>", "x", url)
            method = "GET" if "GET" in rule.methods else "POST"
            response = client.open(url, method=method, data={})
            assert response.status_code == 404, (method, url, response.status_code)
            checked += 1
    assert checked > 60


def test_numbers_of_any_size_in_query_strings_never_break_a_page(app, client, coordinator):
    for rule, _ints in _rules(app, with_int=False):
        if "GET" not in rule.methods or rule.arguments:
            continue
        for name in QUERY_NAMES:
            for value in NUMBERS:
                response = client.get(rule.rule, query_string={name: value})
                assert response.status_code < 500, (rule.rule, name, value)


@pytest.mark.parametrize("url", ["/proposals/", "/meetings/", "/projects/", "/directory/",
                                 "/directory/people", "/admin/users", "/admin/outbox"])
def test_a_page_number_outside_one_to_the_largest_integer_is_a_bad_request(client, coordinator,
                                                                           url):
    assert client.get(url, query_string={"page": HUGE}).status_code == 400
    assert client.get(url, query_string={"page": str(2 ** 62)}).status_code == 200
    assert client.get(url, query_string={"page": "2"}).status_code == 200


def test_a_reply_to_a_comment_id_past_the_largest_integer_is_refused(client, login):
    user, _person = make_member_person(Role.MEMBER)
    proposal = make_proposal(user)
    login(user)
    response = client.post(f"/proposals/{proposal.id}/comments",
                           data={"body": "Risposta", "parent_id": HUGE})
    assert response.status_code == 400


def test_a_round_opening_in_year_one_is_a_field_error(client, coordinator):
    proposals = [make_proposal() for _ in range(2)]
    response = client.post("/rounds/new", data={
        "title": "Priorità", "method": "dots", "dots_budget": "10",
        "dots_max_per_proposal": "5", "electorate": "core", "ballot_unit": "person",
        "opens_at": "0001-01-01T00:00", "closes_at": "2100-01-01T00:00",
        "results_visibility": "after_close", "proposals": [str(p.id) for p in proposals]})
    assert response.status_code in (400, 422)
    assert "tra il 1900 e il 2100" in response.get_data(as_text=True)


def test_a_presenter_id_past_the_largest_integer_is_a_field_error(client, coordinator):
    from tests.factories import make_meeting

    meeting = make_meeting(status="draft")
    for name in ("presenter_id", "project_id", "proposal_id"):
        response = client.post(f"/meetings/{meeting.id}/agenda/new", data={
            "title": "Punto", "duration_minutes": "15", name: HUGE})
        assert response.status_code in (400, 422), name
        assert meeting.agenda_items == []
