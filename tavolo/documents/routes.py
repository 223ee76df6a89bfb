"""Views of the documents area: upload (htmx drag and drop or a plain form), links,
versions, downloads and deletion."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.exceptions import ClientDisconnected

from tavolo.bounds import parse_id
from tavolo.dashboard.blocks import ACTIVITY_SOURCES, ActivitySource
from tavolo.documents import bp, cleanup, dashboard, queries, services, storage
from tavolo.documents.access import get_document_or_404, get_owner_or_404, get_version_or_404
from tavolo.documents.errors import DocumentError
from tavolo.documents.forms import DeleteForm, EditForm, LinkForm, UploadForm, VersionForm
from tavolo.documents.owners import rules_for
from tavolo.editing import refuse, saving
from tavolo.extensions import db
from tavolo.htmx import redirect_after_post, render, wants_fragment
from tavolo.links import LinkProvider
from tavolo.projects import links as project_links
from tavolo.proposals import followups
from tavolo.security import safe_next


def _me():
    """The logged-in user as a model object (services attach it to relationships)."""
    return current_user._get_current_object()


@bp.record_once
def _register(state) -> None:
    app = state.app
    storage.init_app()
    cleanup.init_app()
    app.jinja_env.filters["filesize"] = filesize
    app.jinja_env.globals["document_shelf"] = lambda kind, owner: queries.shelf(
        kind, owner, current_user)
    app.jinja_env.globals["document_shelves"] = lambda kind, owners: queries.shelves(
        kind, owners, current_user)
    ACTIVITY_SOURCES.add(app, ActivitySource(key="documents", load=dashboard.added))
    project_links.PROJECT_LINKS.add(app, LinkProvider(
        key="documents", title=_l("Documenti"), order=5,
        template="documents/_project_links.html", load=queries.project_documents))
    followups.PROPOSAL_SECTIONS.add(app, followups.ProposalSection(
        key="documents", title=_l("Documenti"), order=5,
        template="documents/_proposal_section.html", load=queries.proposal_shelf))


def filesize(size: int) -> str:
    """1,2 MB / 340 kB, in the reader's language."""
    if size >= 1024 * 1024:
        return _("%(num)s MB", num=format_decimal(round(size / 1024 / 1024, 1)))
    return _("%(num)s kB", num=format_decimal(max(1, round(size / 1024))))


def _back(owner_kind, owner) -> str:
    return safe_next(request.form.get("next") or request.args.get("next"),
                     rules_for(owner_kind).page(owner))


def _owner_from_request():
    values = request.form if request.method == "POST" else request.args
    owner_id = values.get("owner", "")
    return get_owner_or_404(values.get("kind", ""),
                            parse_id(owner_id) if owner_id.isdigit() else None)


def _uploads(name: str):
    try:
        return [f for f in request.files.getlist(name) if f and (f.filename or f.content_length)]
    except ClientDisconnected as error:
        raise DocumentError(_l("Il caricamento si è interrotto prima della fine: riprova."),
                            "file") from error


def _shelf_answer(kind, owner, form, status=200):
    shelf = queries.shelf(kind, owner, current_user)
    return render("documents/upload.html", "documents/_shelf.html", status=status,
                  shelf=shelf, form=form, link_form=None, kind=kind, owner=owner,
                  owner_title=rules_for(kind).title(owner))


def _owner_form(form_class):
    """The owner named by the request and its form (on a GET, filled with the owner and the
    page to go back to)."""
    kind, owner = _owner_from_request()
    form = form_class()
    if request.method == "GET":
        form.kind.data, form.owner.data = kind.value, str(owner.id)
        form.next.data = request.args.get("next", "")
    return kind, owner, form


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    """Attach files. The drop zone posts here with htmx and gets the updated shelf back;
    without JavaScript the same form answers with a 303 to the owner's page."""
    kind, owner, form = _owner_form(UploadForm)
    if form.validate_on_submit():
        received = []
        try:
            files = _uploads("files")
            if not files:
                raise DocumentError(_l("Scegli un file da caricare."), "file")
            for upload in files:
                try:
                    received.append(storage.receive(upload.stream, upload.filename))
                except DocumentError as error:
                    raise DocumentError(f"{upload.filename}: {error.message}", "file") from error
            single = len(received) == 1
            for item in received:
                services.add_file(kind, owner, _me(), item,
                                  title=form.title.data if single else "",
                                  description=form.description.data if single else "",
                                  visibility=form.visibility.data or None)
            db.session.commit()
        except DocumentError as error:
            refuse(DocumentError(error.message, "files") if error.field == "file" else error, form)
        else:
            message = _("Documento caricato.") if len(received) == 1 else \
                _("%(num)d documenti caricati.", num=len(received))
            if wants_fragment():
                return _shelf_answer(kind, owner, UploadForm(formdata=None), 200)
            flash(message, "success")
            return redirect(_back(kind, owner), code=303)
        finally:
            for item in received:
                item.discard()
    status = 400 if form.errors else 200
    if wants_fragment():
        return _shelf_answer(kind, owner, form, status)
    return render_template("documents/upload.html", form=form, kind=kind, owner=owner,
                           owner_title=rules_for(kind).title(owner),
                           back=rules_for(kind).page(owner)), status


@bp.route("/link", methods=["GET", "POST"])
@login_required
def create_link():
    kind, owner, form = _owner_form(LinkForm)
    if form.validate_on_submit():
        with saving(form) as saved:
            services.add_link(kind, owner, _me(), url=form.url.data or "",
                              title=form.title.data or "", description=form.description.data or "",
                              visibility=form.visibility.data or None)
        if saved:
            flash(_("Link aggiunto."), "success")
            return redirect(_back(kind, owner), code=303)
    return render_template("documents/link.html", form=form, kind=kind, owner=owner,
                           owner_title=rules_for(kind).title(owner)), \
        400 if form.errors else 200


@bp.get("/<int:document_id>")
def detail(document_id: int):
    document, owner = get_document_or_404(document_id)
    rules = rules_for(document.owner_kind)
    return render_template("documents/detail.html", document=document, owner=owner,
                           owner_url=rules.page(owner), owner_title=rules.title(owner),
                           manage=rules.can_attach(owner, current_user),
                           version_form=VersionForm())


@bp.route("/<int:document_id>/edit", methods=["GET", "POST"])
@login_required
def edit(document_id: int):
    document, _owner = get_document_or_404(document_id, need="manage")
    form = EditForm(obj=document) if request.method == "GET" else EditForm()
    if request.method == "GET":
        form.visibility.data = document.visibility.value if document.visibility else ""
    if form.validate_on_submit():
        with saving(form) as saved:
            services.update_document(document, _me(), title=form.title.data or "",
                                     description=form.description.data or "",
                                     visibility=form.visibility.data or None,
                                     url=form.url.data if document.is_link else None)
        if saved:
            flash(_("Documento aggiornato."), "success")
            return redirect_after_post(_detail_url(document))
    return render_template("documents/edit.html", form=form, document=document), \
        400 if form.errors else 200


def _detail_url(document) -> str:
    return url_for("documents.detail", document_id=document.id)


@bp.post("/<int:document_id>/versions")
@login_required
def add_version(document_id: int):
    document, owner = get_document_or_404(document_id, need="manage")
    form = VersionForm()
    if form.validate_on_submit():
        received = None
        try:
            files = _uploads("file")
            if not files:
                raise DocumentError(_l("Scegli il file della nuova versione."), "file")
            received = storage.receive(files[0].stream, files[0].filename)
            services.add_version(document, _me(), received, form.note.data or "")
            db.session.commit()
        except DocumentError as error:
            refuse(error, form)
        else:
            flash(_("Nuova versione caricata."), "success")
            return redirect(_detail_url(document), code=303)
        finally:
            if received is not None:
                received.discard()
    document, owner = get_document_or_404(document_id, need="manage")
    rules = rules_for(document.owner_kind)
    return render_template("documents/detail.html", document=document, owner=owner,
                           owner_url=rules.page(owner), owner_title=rules.title(owner),
                           manage=True, version_form=form), 400


@bp.route("/<int:document_id>/delete", methods=["GET", "POST"])
@login_required
def delete(document_id: int):
    document, owner = get_document_or_404(document_id, need="manage")
    form = DeleteForm()
    if form.validate_on_submit():
        back = rules_for(document.owner_kind).page(owner)
        services.delete_document(document, _me())
        db.session.commit()
        flash(_("Documento eliminato."), "success")
        return redirect_after_post(back)
    return render_template("documents/delete.html", form=form, document=document)


def _send(version):
    path = storage.path_for(version.sha256)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=version.content_type,
                         as_attachment=not version.inline, download_name=version.filename,
                         conditional=True, etag=version.sha256, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.get("/<int:document_id>/file")
def download(document_id: int):
    """The current version: PDFs and images open in the browser, the rest downloads."""
    document, _owner = get_document_or_404(document_id)
    if document.is_link:
        return redirect(document.url)
    if document.current is None:
        abort(404)
    return _send(document.current)


@bp.get("/versions/<int:version_id>/file")
def download_version(version_id: int):
    return _send(get_version_or_404(version_id))

