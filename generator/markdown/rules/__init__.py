"""The passes Clerk makes over a Markdown text's tokens between parsing and HTML, one rule or family per file.

Each is `rule(tokens, context)`: it changes the tokens in place, reports
mistakes through `context.diagnostics`, and collects in `context` what the
page needs. `markdown/document.py` runs them in the order they must run.
"""
