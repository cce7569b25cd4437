"""The page `heartline serve` gives a browser: textual-serve's, with nothing from outside."""
