"""Files as a build writes and keeps them, each in its room:

- atomic.py: `write_atomic`, so that a crash never leaves half a file: every output and record
  (`synced_folder`: and a power cut never the folder's old name of a file that records a send);
- leftovers.py: the temporaries a killed build left, swept (never a running build's);
- kept.py: what a process that builds again and again keeps between builds (the SQLite caches'
  connections, freed memory); kept_reads.py: the entries it parsed, for their next read;
- whole.py: a file's bytes, read whole in the fewest system calls;
- listed.py: what a folder's listing says of a name, and its folders' names, never failing the listing;
- derived.py: what a process made of a file, kept while the file stays as it was.
"""

from newsletter.files.atomic import remembering_writes, synced_folder, use_exchange, what_to_do, write_atomic
from newsletter.files.derived import derived
from newsletter.files.kept import close_db, keep_between_builds, keep_dbs, keep_freed_memory, kept_dbs, open_db
from newsletter.files.kept_reads import kept_parse
from newsletter.files.leftovers import announce_writer, remove_files
from newsletter.files.listed import folder_names, markdown_folders
from newsletter.files.listed import is_file as listed_file
from newsletter.files.whole import read_whole

__all__ = [
    "announce_writer",
    "derived",
    "folder_names",
    "close_db",
    "keep_between_builds",
    "keep_dbs",
    "keep_freed_memory",
    "kept_parse",
    "kept_dbs",
    "listed_file",
    "synced_folder",
    "markdown_folders",
    "open_db",
    "read_whole",
    "remembering_writes",
    "remove_files",
    "use_exchange",
    "what_to_do",
    "write_atomic",
]
