"""Named query functions, one module per concept. Each takes the viewer's Scope (and the page
Filters), reads only marts through the gateway (dashboard.db), and returns a polars DataFrame;
each docstring states the grain, the units and the weighting of what it returns. The scoped
views they build on are in _views.py."""
