"""From the linked Site to files: which pages exist, and their HTML."""
