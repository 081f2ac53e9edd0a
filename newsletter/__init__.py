"""Turn a reading log into a Hugo "What I read" post and an email newsletter."""

__version__ = "0.1.0"


def __getattr__(name):
    # Lazy, so `newsletter --help` does not pay for the HTML parser.
    if name == "extract_metadata":
        from newsletter.links.extract import extract_metadata

        return extract_metadata
    if name == "Metadata":
        from newsletter.models import Metadata

        return Metadata
    raise AttributeError(name)
