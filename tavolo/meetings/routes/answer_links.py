"""The page behind the one-click answer links of the convocation e-mail (no login).

Opening the link shows the meeting and the chosen answer with one button that records it.
The answer is recorded by that POST, never by the GET itself: mail filters and "safe
links" scanners open every link of a message, and would otherwise answer yes, maybe and no
in turn on the invitee's behalf.
"""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from tavolo.editing import saving
from tavolo.forms import Form
from tavolo.meetings import bp
from tavolo.meetings.models import MeetingStatus, Rsvp
from tavolo.meetings.services import invitations, rsvp_links


@bp.route("/answer/<token>/<answer>", methods=["GET", "POST"])
def answer_link(token: str, answer: str):
    invitee = rsvp_links.read_token(token)
    if invitee is None or answer not in {a.value for a in rsvp_links.ANSWERS}:
        return render_template("meetings/answer_link.html", invitee=None), 404
    meeting = invitee.meeting
    chosen = Rsvp(answer)
    form = Form()
    error = None
    if request.method == "POST" and form.validate_on_submit():
        with saving(quiet=True) as saved:
            invitations.answer_by_link(invitee, chosen)
        error = saved.error
        if saved:  # the page it leads to says the answer is recorded
            return redirect(url_for("meetings.answer_link", token=token, answer=answer),
                            code=303)
    open_for_answers = meeting.status == MeetingStatus.SCHEDULED and not meeting.is_past
    others = [(a, url_for("meetings.answer_link", token=token, answer=a.value))
              for a in rsvp_links.ANSWERS if a != chosen]
    return render_template("meetings/answer_link.html", invitee=invitee, meeting=meeting,
                           chosen=chosen, form=form, error=error, others=others,
                           open_for_answers=open_for_answers), 400 if error else 200
