"""Pure chart builders: a DataFrame in, a plotly Figure or pydeck Deck out, no st.* anywhere, so
the export code can call the same builder the page shows. One module per kind of chart:
_layout (shared theme and text escaping), bars, trends, maps."""
