"""A folder's listing (files/listed.py) never fails on one of its names: a link that loops, a
file where a folder would be, a hidden folder a sync client or an editor left."""

import os

from newsletter.files import folder_names


def test_folder_names_are_the_folders_shown_whatever_else_is_listed(tmp_path):
    for name in ("2021-02", "2021-01", ".stversions"):
        (tmp_path / name).mkdir()
    (tmp_path / "index.html").write_text("a file, not an edition's folder", encoding="utf-8")
    os.symlink(tmp_path / "loop", tmp_path / "loop")  # is_dir raises on a link to itself
    os.symlink(tmp_path / "2021-01", tmp_path / "linked")  # a folder through a link counts

    assert sorted(folder_names(tmp_path)) == ["2021-01", "2021-02", "linked"]


def test_a_folder_that_cannot_be_listed_has_no_folders(tmp_path):
    assert folder_names(tmp_path / "missing") == []
    (tmp_path / "file").write_text("", encoding="utf-8")
    assert folder_names(tmp_path / "file") == []
