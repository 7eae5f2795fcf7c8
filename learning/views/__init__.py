"""Views of the learning app, by area."""
