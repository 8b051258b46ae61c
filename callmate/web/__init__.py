"""The browser review (``callmate serve``): callmate's pages on Datasette, behind a sign-in.

Datasette and its plugins are the optional extra ``callmate[web]``; nothing else in callmate
imports this package.
"""
