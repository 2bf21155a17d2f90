"""`python -m etl ...`: see etl/cli.py."""

import os
import sys

# polars' allocator (jemalloc) keeps freed pages for 10 s by default; a load frees its big
# frames just before DuckDB writes, so hand them back at once (about -0.2 GB peak RSS at
# province scale). Must be set before polars is imported.
os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")

from etl.cli import main  # noqa: E402

sys.exit(main())
