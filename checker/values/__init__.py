"""Pure value parsers: numbers, dates, entities and polarity."""
