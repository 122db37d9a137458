"""Writes of the reports app, one module per concern: the report cycle (workflow), its
attachments, and the reminders mailed to secretaries."""
