"""briefgen: policy briefs kept as YAML, every claim tied to an exact passage of a local corpus.

The pipeline runs one way: load → validate → resolve citations → model → render → write.
The public API lives in :mod:`briefgen.api`; the command line in :mod:`briefgen.cli` is a thin
layer over it.
"""

__version__ = "0.1.0"
