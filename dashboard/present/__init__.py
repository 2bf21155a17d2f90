"""Turning query results into what a page shows: plain Chinese formatters (format), metric cards
(cards), Chinese tables (tables), and the captions a page adds when its data is partial (notes)."""
