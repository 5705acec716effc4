"""Turn the text of one citation into fields: dates, names, outlets, titles."""
