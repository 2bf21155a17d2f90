"""The dashboard's shared code: gateway, queries, charts, filters, formatting."""
