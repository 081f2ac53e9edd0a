"""The commands' work: what `newsletter NAME` does, called by the command line (newsletter/cli/)
once it has parsed the options; what the commands print is the command line's business.

One module per command, whose docstring begins with the command it is (`newsletter build`:):
build.py, check.py, list.py... (`import` is imports.py, and `search` and `related` share
search.py). Beside them are the parts a command grew, each named by its job and saying in its
docstring which command it serves: uptodate.py and prepared.py (`build`'s fast paths),
check_set_up.py (`check`), import_log.py and imports_sync.py (`import`), edition_age.py and
sent_copy.py (`send`)...

A command may use everything below it (the pipeline, links/, delivery/, smart/...); nothing
below imports a command (tests/test_architecture.py).
"""
