"""The formats a document is published in besides HTML and PDF: plain text, braille, audio, EPUB."""
