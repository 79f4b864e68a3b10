"""ChainAtlas (产业链图谱): industrial-chain maps, enterprise registry and gap analysis."""

import os

__version__ = "0.1.0"

# Polars' allocator (jemalloc) keeps the pages it frees for a while (polars itself asks for 0.5 s, and
# 1 s more as "muzzy" pages, which still count as the process's memory). A registry import allocates
# and frees gigabytes within seconds, so those pages pile up: a first import of a million enterprises
# peaked at 2.1 GB with polars' settings and at 1.7 GB with these (issue 2), at no measurable cost in
# time. Polars reads this variable when it is first imported and appends it to its own settings, so
# it must be set before; a value set by the user is kept.
os.environ.setdefault("_RJEM_MALLOC_CONF", "background_thread:true,dirty_decay_ms:100,muzzy_decay_ms:0")
