"""Accounts and permissions: who may sign in to the web application, with which role in which
partnership, and the one function (:func:`.permissions.can`) every surface asks before it shows
or changes anything."""
