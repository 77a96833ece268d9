"""Vietnamese formats for Django's FORMAT_MODULE_PATH (settings: ["trienkhai.formats"]).

Django's own ``vi`` locale prints no thousands grouping and, having no input
formats, falls back to defaults that include the US month-first "%m/%d/%Y".
Here: dates day first everywhere (05/11/2021), "." between thousands and ","
before decimals (357.760; 10,24), weeks starting on Monday.  Grouping is only
printed when settings.USE_THOUSAND_SEPARATOR is True.

Date formats use Django's template syntax; *_INPUT_FORMATS use strptime syntax
("%d" and "%m" also accept one digit, so "5/11/2021" parses).  Never add a
month-first input format: "05/11/2021" must always be 5 November.
"""

DATE_FORMAT = "d/m/Y"  # 05/11/2021
SHORT_DATE_FORMAT = "d/m/Y"
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "H:i d/m/Y"  # 14:30 05/11/2021
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
MONTH_DAY_FORMAT = "d/m"  # 05/11
YEAR_MONTH_FORMAT = "m/Y"  # 11/2021
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 05/11/2021, 5/11/2021 (first: used to render form fields)
    "%d-%m-%Y",  # 05-11-2021 (Party style)
    "%d.%m.%Y",  # 05.11.2021
    "%Y-%m-%d",  # 2021-11-05 (ISO, sent by <input type="date">)
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # 14:30
    "%H:%M:%S",  # 14:30:59
    "%H:%M:%S.%f",  # 14:30:59.000200
    "%Hh%M",  # 14h30
    "%Hg%M",  # 14g30 (giờ)
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",  # 05/11/2021 14:30 (first: used to render form fields)
    "%d/%m/%Y %H:%M:%S",  # 05/11/2021 14:30:59
    "%d/%m/%Y %H:%M:%S.%f",  # 05/11/2021 14:30:59.000200
    "%H:%M %d/%m/%Y",  # 14:30 05/11/2021 (as DATETIME_FORMAT displays it)
    "%d-%m-%Y %H:%M",  # 05-11-2021 14:30
    "%d-%m-%Y %H:%M:%S",  # 05-11-2021 14:30:59
    "%d.%m.%Y %H:%M",  # 05.11.2021 14:30
    "%Y-%m-%d %H:%M:%S",  # 2021-11-05 14:30:59 (ISO)
    "%Y-%m-%d %H:%M:%S.%f",  # 2021-11-05 14:30:59.000200
    "%Y-%m-%d %H:%M",  # 2021-11-05 14:30
]

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
