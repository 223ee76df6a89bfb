"""The printable agenda and minutes as real PDF downloads (WeasyPrint), for the same readers."""

from __future__ import annotations

import io

from pypdf import PdfReader

from tavolo.extensions import db
from tests.factories import make_agenda_item, make_meeting
from tests.meetings.helpers import invite_all


def _pdf_text(response) -> str:
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_agenda_and_minutes_download_as_pdf(client, login, people):
    meeting = make_meeting(kind="enlarged", status="held", starts_in_days=-2)
    item = make_agenda_item(meeting, title="Tirocini nelle botteghe")
    invite_all(meeting, people.member_person, people.partner_person)
    db.session.commit()
    login(people.coordinator)
    page = client.get(f"/meetings/{meeting.id}/print").get_data(as_text=True)
    assert f"/meetings/{meeting.id}/print.pdf" in page
    assert "Salva come PDF" not in page
    text = _pdf_text(client.get(f"/meetings/{meeting.id}/print.pdf"))
    assert "Convocazione e ordine del giorno" in text and "Tirocini nelle botteghe" in text
    assert "Pagina 1 di 1" in text
    client.post(f"/meetings/{meeting.id}/minutes/edit",
                data={"summary": "Apertura alle 15:10.", f"notes_{item.id}": "Otto tirocini."})
    text = _pdf_text(client.get(f"/meetings/{meeting.id}/minutes/print.pdf"))
    assert "Verbale della riunione" in text and "Otto tirocini." in text
    client.post("/logout")
    login(people.partner)
    # Draft minutes are for the core group: the PDF is refused like the page.
    assert client.get(f"/meetings/{meeting.id}/minutes/print.pdf").status_code == 404
    assert client.get(f"/meetings/{meeting.id}/print.pdf").status_code == 200
