"""Date and time formats for interface languages Django has none for (FORMAT_MODULE_PATH)."""
