"""helpline-pack: print-ready domestic abuse support material from verified helpline data.

The Python API under the command line is ``generator.api`` (see its docstring)."""

__version__ = "0.1.0"
