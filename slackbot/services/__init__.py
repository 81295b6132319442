"""Use cases over the database: keyword-only functions taking a session and an owner."""
