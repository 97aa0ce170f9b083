"""Finding the same person in several records: spellings folded to one, records compared
field by field, and whole registers linked by blocks of likely candidates."""
