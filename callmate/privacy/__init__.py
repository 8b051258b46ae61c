"""Personal data: masking card numbers before they are stored, and redacting e-mail addresses,
phone numbers and customers' names from what leaves the machine."""
