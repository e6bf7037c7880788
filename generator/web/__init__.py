"""``helpline-pack serve``: a web page to make a branded pack without editing YAML.

The page is a form beside a live preview. A change is sent here as the form's fields; they
become a pack file (``extends:`` the chosen base pack, and what the form changed) in a fresh
temporary folder, with the logo if one was uploaded. First the product being edited is laid
out and its first page rendered (:mod:`.builds`, ``preview``): the browser fetches that image
by its content hash. Then the whole pack is built and verified by the same
:func:`generator.build.build` as the command line (``check``), and its findings and warnings
follow. Each folder is deleted with its answer; nothing about an organisation is kept but
the preview images, in memory, for at most ten minutes.

:mod:`.server` has the HTTP side and its protections, :mod:`.form` the form and the pack
file both ways, :mod:`.words` the messages in the form's own words.
"""

from .server import Server, make_app

__all__ = ["Server", "make_app"]
