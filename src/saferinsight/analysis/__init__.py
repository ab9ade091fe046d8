"""The analysis engine: the analyses of the published partnership reports, with statistics."""
