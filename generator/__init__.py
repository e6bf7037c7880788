"""helpline-pack: print-ready domestic abuse support material from verified helpline data."""

__version__ = "0.1.0"
