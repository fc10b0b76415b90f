# "29 novembre 2026", "10 000", "2,5": French typography, with the narrow no-break space
# (U+202F) that separates thousands and that no line break can split; nor can one split
# the day from its month.
DATE_FORMAT = "j\u00a0F Y"
DATETIME_FORMAT = "j\u00a0F Y à H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\u202f"
NUMBER_GROUPING = 3
