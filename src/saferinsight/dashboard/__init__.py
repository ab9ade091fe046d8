"""The web application's dashboards, as library calls: a partnership's overview (a tile per theme,
police.uk and partner data together), a theme's page (the report's charts with their data), a
ward or LSOA profile, and the public dashboard (disclosure-controlled).

Each page is one call that returns a frozen result: the web views only render it. The figures
are the analysis engine's (:mod:`saferinsight.analysis`); the charts are the reports' own
(:mod:`saferinsight.reports.charts`, :mod:`saferinsight.reports.maps`), so a page and a report
draw the same; who may see what, and the access log of confidential data, are the records'
(:mod:`saferinsight.records.permissions`).
"""
