"""Tools for the analyst writing a brief: find a passage to cite, start a brief, import an
article, see how the corpus is used. Library functions; the command line prints them."""
