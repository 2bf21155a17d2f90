"""`python -m etl ...`: see etl/cli.py."""

import os
import sys

# polars' allocator (jemalloc) keeps freed pages for 10 s by default; a load frees its big
# frames just before DuckDB writes, so hand them back within a second (province peak RSS 1.85 ->
# 1.6 GB). At once (0 ms) held 0.15 GB less but cost 2.5-3 s of system time in page faults on the
# province check and load. Must be set before polars is imported.
os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:1000,muzzy_decay_ms:0")

from etl.cli import main  # noqa: E402

sys.exit(main())
