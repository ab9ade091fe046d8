"""Accounts of the people who sign in to the web application: passwords, throttling, two-factor
codes and their roles in partnerships. What each role may do is decided in one place,
:func:`saferinsight.records.permissions.can`."""
