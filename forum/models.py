"""Forum models arrive with the forum issue."""
