"""Output sheets as content independent of the file format, and the builder that fills them from a run."""
