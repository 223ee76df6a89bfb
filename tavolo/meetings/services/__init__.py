"""Meeting rules as plain functions on model objects: they change the session and flush;
the route commits once. Each module covers one part: ``meetings`` (details and status),
``series``, ``invitations`` (invitees, RSVP, attendance), ``agenda``, ``minutes``,
``notifications`` (the outbox), ``queries`` (reading with visibility) and ``links``
(the project-page provider)."""
