"""English formats for Django's FORMAT_MODULE_PATH (settings: ["trienkhai.formats"]).

The English interface is used by the same people on the same Vietnamese data,
so dates stay day first (05/11/2021) and no month-first input format exists:
Django's default ``en`` formats would read "05/11/2021" as 11 May.  Numbers use
English separators ("357,760"; "10.24"), as an English reader expects.
"""

from trienkhai.formats.vi.formats import (  # noqa: F401  (re-exported for Django)
    DATE_FORMAT,
    DATE_INPUT_FORMATS,
    DATETIME_FORMAT,
    DATETIME_INPUT_FORMATS,
    FIRST_DAY_OF_WEEK,
    MONTH_DAY_FORMAT,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    TIME_FORMAT,
    TIME_INPUT_FORMATS,
    YEAR_MONTH_FORMAT,
)

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
