"""Stored files: the names they are kept under."""
import pathlib
import uuid


def random_name(original: str) -> str:
    """A name for storing an uploaded file that reveals nothing of it and cannot be guessed: 32
    random hex digits and the original's extension (lower case). The original name is kept in
    the record, and the file is only ever downloaded through a view that checks who asks."""
    return f"{uuid.uuid4().hex}{pathlib.PurePath(original.lower()).suffix[:10]}"
