"""The notice board: calls for funding, job and training opportunities, events and labour-law
news posted by the coordinator (and by partners and members when the coordinator allows it),
with expiry, an approval queue, an archive, an Atom feed of the public ones and an optional
e-mail to the network.

The blueprint gets its URL prefix (``/notices``) where ``create_app`` registers it.
"""

from flask import Blueprint

bp = Blueprint("notices", __name__)
