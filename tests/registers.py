"""The registers the tests read: the project's own (tests/data/, described in tests/data/README.md)."""
import pathlib

DATA = pathlib.Path(__file__).resolve().parent / "data"
# A small register with every boundary of the targets on both sides, and its figures worked out by hand.
OWN_REGISTER = DATA / "register-boundaries"
OWN_REGISTER_ORGANIZATIONS = 22  # rows of its organizations.csv


def zipped_register(folder: pathlib.Path = OWN_REGISTER, name: str = "register.zip"):
    """The CSV files of FOLDER as an uploaded .zip, as county staff would upload it."""
    import io
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.glob("*.csv")):
            archive.writestr(path.name, path.read_bytes())
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")
