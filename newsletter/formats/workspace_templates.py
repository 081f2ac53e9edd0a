"""The workspace's own templates (templates/, overriding the defaults by name), as Jinja loads them.

Two authors sharing one log in one repository (new user 53, Priya and Tom) keep their copy of a
template in git as they keep their entries and settings, and a `git pull` that conflicts in it
leaves both sides between `<<<<<<<` and `>>>>>>>`. Entries and settings say so (merge_conflicts);
a template did not: Jinja renders the markers as text, and both greetings, '<<<<<<< HEAD' and
'>>>>>>> 1a2b3c4 (Tom: …)' went out in the email, with build and check silent (attack 32).
"""

from __future__ import annotations

import jinja2

from newsletter.errors import NewsletterError
from newsletter.formats import merge_conflicts


class Loader(jinja2.FileSystemLoader):
    """A FileSystemLoader that refuses a template holding a git merge conflict, naming its lines."""

    def get_source(self, environment: jinja2.Environment, template: str):
        source, filename, uptodate = super().get_source(environment, template)
        if conflict := merge_conflicts.conflict_lines(source):
            raise NewsletterError(f"{filename}:{conflict[0]}: {merge_conflicts.advice(*conflict)}.")
        return source, filename, uptodate
