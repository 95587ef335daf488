"""Page layout shared by the PDF readers: glyphs, drawn list markers."""
