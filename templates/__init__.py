"""briefgen's own templates and stylesheets, shipped inside the package as briefgen.templates
(paths.packaged_templates finds them with importlib.resources).

Not a template: this file makes the folder a regular package, which setuptools' editable
install (`pip install -e .`, as `make` does) can map from its top-level place. A team's own
templates/ folder needs none.
"""
