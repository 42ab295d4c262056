"""References: the instruments a text cites (symbols and their patterns), normalised to keys."""
