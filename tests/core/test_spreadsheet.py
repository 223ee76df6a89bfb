"""Every CSV export opens in Italian spreadsheets and never carries a live formula."""

from __future__ import annotations

import sqlalchemy as sa

from tavolo.extensions import db
from tavolo.proposals.models import Proposal
from tavolo.spreadsheet import unsafe_cell, write_rows
from tests.factories import make_proposal, make_round


def test_rows_are_bom_semicolon_crlf_and_formula_safe():
    data = write_rows(["Nome", "Nota"], [["=HYPERLINK(\"http://x\")", "ok; sì"]])
    text = data.decode("utf-8")
    assert text.startswith("\ufeffNome;Nota\r\n")
    assert "'=HYPERLINK" in text and '"ok; sì"' in text
    assert unsafe_cell("'=SUM(A1)") == "=SUM(A1)"


def test_round_results_export_protects_proposal_titles(app, client, login):
    from tavolo.auth.models import Role
    from tests.factories import make_user

    member = make_user(Role.MEMBER)
    proposals = [make_proposal(member, title="=cmd|' /C calc'!A0"), make_proposal(member)]
    round_ = make_round(proposals, secret=False)
    login(member)
    response = client.get(f"/rounds/{round_.id}/results.csv")
    assert response.status_code == 200
    assert response.data.startswith("\ufeff".encode())
    assert "'=cmd|" in response.data.decode("utf-8")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Proposal)) == 2
