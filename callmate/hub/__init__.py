"""The team hub: a PostgreSQL database that agents' calls reach, offline-first and private.

Each agent keeps the local SQLite; finished calls wait in an outbox (``hub.outbox``) and are pushed
(``hub.push``, in the background by ``hub.background.Pusher``) as the same replay-safe rows a live
call writes. ``hub.schema`` creates the hub (tables derived from ``callmate.models``, roles and
row-level security); ``hub.pull`` brings the hub into a local SQLite file for review.
This package sits beside ``callmate.review``: it uses the store and the models, and only the
command line (and the app, through ``Pusher``) uses it.
"""
