"""What editors are told about entries and settings: the JSON Schemas (`schemas.py`)."""
