"""Internships: the local businesses that host them and the interns each project placed.

The pages live in the directory's URL space (the blueprint is registered at
``/directory``): the filtered list of hosts and the placements recorded from a host's page.
A placement is a record of a project (``projects.models.InternshipPlacement``); this area
is what shows it in the directory, so that the directory itself knows nothing of projects.
"""

from flask import Blueprint

bp = Blueprint("internships", __name__)
