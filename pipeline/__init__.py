"""IRU annual report pipeline: extract -> transform -> render."""

__version__ = "0.1.0"
