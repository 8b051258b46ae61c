"""Evaluation forms: what a team lead scores a call on (``form``), the answers the call's own
record gives (``prefill``), and the score (``score``). No Textual and no SQLite here: the store
keeps an evaluation (``store.evaluations``), the review and the agent's feedback show it."""
