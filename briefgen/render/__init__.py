"""From a checked brief to pages: the memo as plain values (memo.py), then HTML through
Jinja2 (html.py) and PDF through WeasyPrint (pdf.py). Nothing here writes a file."""
