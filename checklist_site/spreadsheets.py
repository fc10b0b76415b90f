"""Text bound for spreadsheets: a cell that starts like a formula is neutralised.

A spreadsheet runs a cell that begins with = + - @ (or their full-width forms, which some
spreadsheets read the same way), a tab or a carriage return as a formula. A leading
apostrophe makes it text again; an import of our own files removes it.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value):
    """Text that a spreadsheet shows as it is; numbers and empty cells stay as they are."""
    if value is None or isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unescape_cell(value):
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
