"""Text for people: tables, one call as text or Markdown, statistics, CSV/JSON/Markdown exports."""
