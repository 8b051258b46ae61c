"""Demo data: realistic calls made by driving the real call model."""
