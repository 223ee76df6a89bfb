"""Documents attached to meetings, agenda items, minutes, projects, deliberations, proposals
and seminars: files with versions, stored once per content, and links to outside material.

Pages of other areas show them with one include (``documents/_shelf.html``) and the template
globals ``document_shelf(kind, owner)`` / ``document_shelves(kind, owners)``, which load the
documents of every owner of a page in one query.
"""

from flask import Blueprint

bp = Blueprint("documents", __name__)
