"""Every Chinese UI string of the dashboard, one module per page plus `common` for what pages share.

Convention: a module imports `from dashboard.labels import common as L` and its page's module under
a short alias (overview as LO, coverage as LC, ...). Code labels come from etl.codes, never from here."""
