"""Helpers shared by the meeting views."""

from __future__ import annotations

from flask import url_for

from tavolo.htmx import redirect_after_post


def detail_url(meeting_id: int, anchor: str | None = None) -> str:
    return url_for("meetings.detail", meeting_id=meeting_id, _anchor=anchor)


def back_to(meeting_id: int, anchor: str | None = None):
    return redirect_after_post(detail_url(meeting_id, anchor))
