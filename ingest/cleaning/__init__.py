"""Clean-up of the text a reader produced, keeping a per-character map back to it."""
