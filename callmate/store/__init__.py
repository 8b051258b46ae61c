"""Storage on SQLite through sqlite-utils: schema, live writes, review queries, exports, merge."""
