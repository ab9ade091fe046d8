"""The web application: the partnership's shared workspace, signed in, by role.

A Flask app factory over a :class:`~saferinsight.workspace.Workspace`. Every view is a thin
shell over one library call; who may open it is declared on the view (:mod:`.access`) and
decided by :func:`saferinsight.records.permissions.can`, in one place for every route. Served by
waitress (``safer serve``), never by Flask's development server.
"""

from saferinsight.web.app import create_app

__all__ = ["create_app"]
