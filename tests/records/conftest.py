"""The records fixtures (``backend``, ``records``) are in tests/conftest.py, shared with the
accounts and web tests."""
