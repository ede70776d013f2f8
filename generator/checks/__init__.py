"""Checks that stand between a build and publication: content lint, HTML validity, pa11y."""
