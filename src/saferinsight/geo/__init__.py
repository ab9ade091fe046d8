"""Geography: areas by name or code, which records fall in them, and boundary shapes to draw."""
