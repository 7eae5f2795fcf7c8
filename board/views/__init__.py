"""Views of the board, one module per area: ads, responses, newsletters."""
