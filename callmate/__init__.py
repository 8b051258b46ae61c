"""callmate: a keyboard-first terminal companion for calls with upset customers."""

import logging

__version__ = "0.1.0"

# callmate says what went wrong in its own words (a line on the screen, one line at the command
# line); its log records reach a handler only when a program sets one up, never the terminal.
logging.getLogger(__name__).addHandler(logging.NullHandler())
