"""Community writes, one module per feature."""
