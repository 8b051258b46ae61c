"""Checklists: the model a call walks through, reading and validating checklist files, the rules
their words must keep, and finding the built-in and the user's own."""
