"""The pages of the app, one module per register (urls.py names each view by its module)."""
