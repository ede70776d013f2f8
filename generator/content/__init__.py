"""Reading content/: front matter, typed models, the loader and the linked site."""
