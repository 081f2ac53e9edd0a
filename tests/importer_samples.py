"""The sample exports in tests/imports/, and the zips built from their folders (as the services ship them)."""

import zipfile
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent / "imports"


def pocket_zip(folder: Path) -> Path:
    """Pocket's 2025 export: part_*.csv files in a zip."""
    path = folder / "pocket-export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for part in sorted((SAMPLES / "pocket_zip").glob("part_*.csv")):
            archive.write(part, part.name)
    return path


def omnivore_zip(folder: Path) -> Path:
    """Omnivore's export: metadata_*.json at the top, highlights/<slug>.md beside them."""
    path = folder / "omnivore-export.zip"
    root = SAMPLES / "omnivore"
    with zipfile.ZipFile(path, "w") as archive:
        for file in sorted(root.rglob("*")):
            if file.is_file():
                archive.write(file, file.relative_to(root).as_posix())
    return path
