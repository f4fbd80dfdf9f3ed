"""Transform: indicators, comparators, rates, RAG and disclosure control, into one tidy table."""
