"""One module per ``b2bkit`` command."""
