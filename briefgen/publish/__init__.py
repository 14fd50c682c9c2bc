"""The edges where briefgen writes: `build` (files for one reader), `publish` (a static
site, swapped in atomically), `serve` (a live preview). Only writer.py opens output files."""
