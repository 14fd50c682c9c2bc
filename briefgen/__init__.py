"""briefgen: policy briefs kept as YAML, every claim tied to an exact passage of a local corpus.

The pipeline runs one way: load → validate → resolve citations → model → render → write.
The public API lives in :mod:`briefgen.api`; the command line in :mod:`briefgen.cli` is a thin
layer over it.
"""

import os

__version__ = "0.1.0"

# briefgen uses no pydantic plugins; looking for them scans every installed package's
# metadata, a fifth of the start-up time of an HTML-only build.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
