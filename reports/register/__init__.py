"""The county register exchange format of shared/spec/REGISTER.md: reading, checking, import, export."""
