"""Who a document is (genre, symbol, title, body, date), from its manifest entry or its text."""
