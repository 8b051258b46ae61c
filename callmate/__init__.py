"""callmate: a keyboard-first terminal companion for calls with upset customers."""

__version__ = "0.1.0"
