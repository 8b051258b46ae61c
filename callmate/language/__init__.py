"""The languages callmate speaks: the registry of them, the message catalogs (``locale/``), the
words shown for stored codes, and numbers and dates written as each language writes them."""
