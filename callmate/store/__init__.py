"""SQLite only: opening, migrations, live writes, the writer thread, rollups and merge."""
