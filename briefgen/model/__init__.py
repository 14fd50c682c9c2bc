"""The pure core: read a brief and the corpus, validate them, resolve every citation, and
answer questions about the brief (as of a date, what changed). Nothing here writes a file;
render/ and publish/ take these values onwards."""
