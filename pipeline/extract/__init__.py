"""Extract: read and validate raw files into typed tables."""
