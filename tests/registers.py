"""The registers the tests read: the project's own (tests/data/, described in tests/data/README.md)."""
import pathlib

DATA = pathlib.Path(__file__).resolve().parent / "data"
# A small register with every boundary of the targets on both sides, and its figures worked out by hand.
OWN_REGISTER = DATA / "register-boundaries"
OWN_REGISTER_ORGANIZATIONS = 22  # rows of its organizations.csv
