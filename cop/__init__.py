"""Community of practice of Ukrainian local and regional authorities."""
