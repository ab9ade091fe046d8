"""Geography: areas by name or code, and which records fall in them."""
