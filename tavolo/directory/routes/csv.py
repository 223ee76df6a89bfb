"""CSV export (core group) and import with preview (coordinators) of the directory."""

from __future__ import annotations

from flask import flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tavolo import htmx
from tavolo.directory import bp, csv_export, csv_import
from tavolo.directory.access import require_export, require_manager
from tavolo.directory.forms import ConfirmImportForm, ImportForm
from tavolo.directory.models import Person
from tavolo.editing import saving
from tavolo.spreadsheet import csv_response


@bp.get("/export/organizations.csv")
def export_organizations():
    require_export()
    return csv_response(csv_export.organizations_csv(), "enti")


@bp.get("/export/people.csv")
def export_people():
    require_export()
    return csv_response(csv_export.people_csv(Person.can_view_notes(current_user)), "persone")


@bp.route("/import", methods=["GET", "POST"])
def import_csv():
    """Step one: upload a file and see what would be imported, or every problem in it."""
    require_manager()
    form = ImportForm()
    if form.validate_on_submit():
        data = form.file.data.read(csv_import.MAX_BYTES + 1)
        if len(data) > csv_import.MAX_BYTES:
            form.file.errors.append(_("Il file supera 2 MB: dividilo in più file."))
        else:
            text, encoding = csv_import.decode_with_encoding(data)
            result = csv_import.check(form.kind.data, text)
            if encoding != "utf-8":
                result.encoding_note = _(
                    "Il file non era in UTF-8: è stato letto come Windows-1252 (la codifica "
                    "con cui Excel salva i CSV in italiano). Controlla che lettere accentate e "
                    "simboli qui sotto siano giusti prima di importare.")
            confirm = ConfirmImportForm(kind=form.kind.data, content=text)
            return render_template("directory/import_preview.html", result=result,
                                   confirm=confirm), 200 if result.ok else 422
    return render_template("directory/import.html", form=form), \
        400 if request.method == "POST" else 200


@bp.post("/import/confirm")
def import_confirm():
    """Step two: check the same text again and import every row, or none."""
    require_manager()
    form = ConfirmImportForm()
    kind = form.kind.data if form.kind.data in csv_import.KINDS else "organizations"
    if form.validate_on_submit():
        with saving() as saved:
            count = csv_import.run(current_user, kind, form.content.data or "")
        if saved:
            flash(_("Importazione completata: %(num)d righe aggiunte alla rubrica.", num=count),
                  "success")
            target = "directory.index" if kind == "organizations" else "directory.people"
            return htmx.redirect_after_post(url_for(target))
    result = csv_import.check(kind, form.content.data or "")
    return render_template("directory/import_preview.html", result=result,
                           confirm=ConfirmImportForm(kind=kind, content=form.content.data)), 422
