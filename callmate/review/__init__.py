"""The read side of the call log: filters, paging, search and statistics, returning models."""
