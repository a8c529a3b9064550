"""Cell values of the registers → Python values (значения ячеек).

Every parser takes what a reader delivers for one cell — ``str`` from CSV;
``str``, ``float``, ``int``, ``bool``, :class:`datetime.date` or
:class:`datetime.datetime` from python-calamine — and returns the typed value,
or raises :class:`BadValue` whose ``expected`` is the Russian «what is expected»
part of the problem message. Empty cells are handled by the caller (``''`` or
``None`` means empty).

- money (руб.): ``12 345,50``, ``12345.50 ₽``, ``1 234 руб.``, a number cell →
  :class:`~decimal.Decimal` rounded half-up to kopecks (after 15 significant
  digits, as Excel keeps them);
- dates: ``ДД.ММ.ГГГГ``, ISO ``ГГГГ-ММ-ДД`` (a time part is ignored), a number
  cell as an Excel serial number (1900 date system; never a number typed as
  text), a date cell; impossible dates (31.02) are errors;
- periods (месяц услуги) → ``'ГГГГ-ММ'`` from ``ГГГГ-ММ``, ``ММ.ГГГГ`` or any date
  in the month;
- identifiers (ИНН, КПП, код клиента, договор) → text. A number cell loses
  leading zeros and comes back as a float: whole floats are turned back into
  their digits, and for fixed-length identifiers (ИНН, КПП) the lost leading
  zero is restored.

>>> money('12 345,50'), money('12345.50 ₽'), money(1500.0)
(Decimal('12345.50'), Decimal('12345.50'), Decimal('1500.00'))
>>> date('31.01.2026'), date('2026-01-31'), date(46053.0)
(datetime.date(2026, 1, 31), datetime.date(2026, 1, 31), datetime.date(2026, 1, 31))
>>> period('03.2026'), period('2026-3'), identifier(7707083893.0)
('2026-03', '2026-03', '7707083893')
>>> date('31.02.2026')
Traceback (most recent call last):
...
jobs.registers.values.BadValue: такой даты нет; ожидается дата ДД.ММ.ГГГГ
"""

import datetime as _dt
import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

_date = _dt.date
_datetime = _dt.datetime
_EXCEL_EPOCH = _date(1899, 12, 30)      # serial 1 = 01.01.1900 (with Excel's 1900 leap bug)
_MAX_SERIAL = 2958465                   # 31.12.9999
_KOPECK = Decimal('0.01')
_CELL = Context(prec=15, rounding=ROUND_HALF_UP)

EXPECT_MONEY = 'ожидается сумма в рублях, например 12 345,50'
EXPECT_DATE = 'ожидается дата ДД.ММ.ГГГГ'
EXPECT_PERIOD = 'ожидается месяц ГГГГ-ММ, например 2026-03'


class BadValue(ValueError):
    """A cell value that cannot be read; ``expected`` is Russian."""

    def __init__(self, expected):
        super().__init__(expected)
        self.expected = expected


def is_empty(value):
    return value is None or value == '' or (value.__class__ is str and value.isspace())


# --- text and identifiers ---------------------------------------------------

def text(value):
    """Free text: stripped; a number cell as the number's digits (``12.0`` → ``'12'``)."""
    if value.__class__ is str:
        return value.strip()
    if value is None:
        return ''
    if value.__class__ is float:
        return _float_text(value)
    if isinstance(value, _datetime):
        value = value.date()
    if isinstance(value, _date):
        return value.strftime('%d.%m.%Y')
    return str(value).strip()


def _float_text(value):
    if value.is_integer():
        return str(int(value))
    return repr(value)


def identifier(value, width=None):
    """An identifier kept as text; *width* (ИНН 10/12, КПП 9) restores a lost leading zero.

    A number cell with more than 15 digits has already lost digits in the
    spreadsheet (Excel keeps 15) — that is an error, not a guess.
    """
    if value.__class__ is str:
        return value.strip()
    if value.__class__ is float or value.__class__ is int:
        if value.__class__ is float and not value.is_integer():
            raise BadValue('ожидается номер без дробной части; храните его в ячейке как текст')
        number = int(value)
        if number < 0:
            raise BadValue('номер не может быть отрицательным')
        if number >= 10 ** 15:
            raise BadValue('в числовой ячейке больше 15 цифр — Excel их уже исказил; '
                           'введите номер как текст (формат ячейки «Текстовый»)')
        digits = str(number)
        if width:
            for w in width:
                if len(digits) == w - 1:
                    return '0' + digits
        return digits
    return text(value)


# --- money -----------------------------------------------------------------

_PLAIN_MONEY = re.compile(r'-?\d+(?:[.,]\d{1,2})?\Z')
_MONEY_JUNK = re.compile(r'(?:₽|руб\.?|р\.|р\b|rub\.?|rur\.?)', re.IGNORECASE)
_SPACES = re.compile(r'[\s\u00a0\u202f\u2009\']+')
_MONEY_NUMBER = re.compile(r'-?(?:\d+(?:\.\d*)?|\.\d+)')


def money(value):
    """Rubles → Decimal with kopecks (``Decimal('12345.50')``)."""
    cls = value.__class__
    if cls is float or cls is int:
        if cls is float and (value != value or value in (float('inf'), float('-inf'))):
            raise BadValue(EXPECT_MONEY)
        d = Decimal(repr(value)) if cls is float else Decimal(value)
        return _CELL.plus(d).quantize(_KOPECK, ROUND_HALF_UP)
    if cls is Decimal:
        return _CELL.plus(value).quantize(_KOPECK, ROUND_HALF_UP)
    if cls is not str:
        raise BadValue(EXPECT_MONEY)
    s = value.strip()
    if _PLAIN_MONEY.match(s):
        return Decimal(s.replace(',', '.')).quantize(_KOPECK)
    s = _SPACES.sub('', _MONEY_JUNK.sub('', s)).replace('−', '-').replace('–', '-')
    if ',' in s and '.' in s:
        # «1.234,50» or «1,234.50»: the rightmost mark is the decimal one
        dec = ',' if s.rfind(',') > s.rfind('.') else '.'
        s = s.replace('.' if dec == ',' else ',', '').replace(dec, '.')
    else:
        s = s.replace(',', '.')
    if not _MONEY_NUMBER.fullmatch(s):
        raise BadValue(EXPECT_MONEY)
    try:
        return _CELL.plus(Decimal(s)).quantize(_KOPECK, ROUND_HALF_UP)
    except InvalidOperation:
        raise BadValue(EXPECT_MONEY)


# --- dates -----------------------------------------------------------------

_RU_DATE = re.compile(r'(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\Z')
_ISO_DATE = re.compile(r'(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\Z')
_SERIAL = re.compile(r'\d{1,7}(?:[.,]\d+)?\Z')


def date(value):
    """A date → :class:`datetime.date`."""
    cls = value.__class__
    if cls is _date:
        return value
    if cls is _datetime:
        return value.date()
    if cls is float or cls is int:
        return _serial(value)
    if cls is not str:
        if isinstance(value, _date):
            return value if not isinstance(value, _datetime) else value.date()
        raise BadValue(EXPECT_DATE)
    s = value.strip()
    m = _RU_DATE.match(s)
    if m:
        d, mo, y = m.groups()
    else:
        m = _ISO_DATE.match(s)
        if m:
            y, mo, d = m.groups()
        elif _SERIAL.match(s):
            # a bare number typed as text (or a stray cell of a misread CSV row) is not a date;
            # only a number cell is an Excel serial date
            raise BadValue(EXPECT_DATE + ' (число в текстовой ячейке — не дата)')
        else:
            raise BadValue(EXPECT_DATE)
    try:
        return _date(int(y), int(mo), int(d))
    except ValueError:
        raise BadValue('такой даты нет; ' + EXPECT_DATE)


def _serial(number):
    if number != number or not 1 <= number <= _MAX_SERIAL:
        raise BadValue(EXPECT_DATE + ' (число %s не похоже на дату Excel)' % text(float(number)))
    return _EXCEL_EPOCH + _dt.timedelta(days=int(number))


_MONTH_ISO = re.compile(r'(\d{4})[-.](\d{1,2})\Z')
_MONTH_RU = re.compile(r'(\d{1,2})[.\-/](\d{4})\Z')


def period(value):
    """A service month → ``'ГГГГ-ММ'``."""
    if value.__class__ is str:
        s = value.strip()
        m = _MONTH_ISO.match(s)
        if m:
            y, mo = m.groups()
        else:
            m = _MONTH_RU.match(s)
            if m:
                mo, y = m.groups()
            else:
                try:
                    d = date(s)
                except BadValue as exc:
                    if exc.expected.startswith('такой даты нет'):
                        raise
                    raise BadValue(EXPECT_PERIOD)
                return '%04d-%02d' % (d.year, d.month)
        if not 1 <= int(mo) <= 12 or int(y) < 1900:
            raise BadValue('такого месяца нет; ' + EXPECT_PERIOD)
        return '%s-%02d' % (y, int(mo))
    try:
        d = date(value)
    except BadValue:
        raise BadValue(EXPECT_PERIOD)
    return '%04d-%02d' % (d.year, d.month)


def month_end(month):
    """Last day of ``'ГГГГ-ММ'``."""
    y, m = int(month[:4]), int(month[5:7])
    nxt = _date(y + (m == 12), m % 12 + 1, 1)
    return nxt - _dt.timedelta(days=1)


# --- small kinds ------------------------------------------------------------

def integer(value, minimum=0, maximum=3650):
    """A whole number of days."""
    cls = value.__class__
    if cls is str:
        s = value.strip()
        if re.fullmatch(r'\d+', s):
            n = int(s)
        elif re.fullmatch(r'\d+[.,]0*', s):
            n = int(re.split(r'[.,]', s)[0])
        else:
            raise BadValue('ожидается целое число от %d до %d' % (minimum, maximum))
    elif cls is float and value.is_integer() or cls is int:
        n = int(value)
    else:
        raise BadValue('ожидается целое число от %d до %d' % (minimum, maximum))
    if not minimum <= n <= maximum:
        raise BadValue('ожидается целое число от %d до %d' % (minimum, maximum))
    return n


_EMAIL = re.compile(r'[A-Za-z0-9!#$%&\'*+/=?^_`{|}~\-]+(?:\.[A-Za-z0-9!#$%&\'*+/=?^_`{|}~\-]+)*'
                    r'@(?:[A-Za-z0-9\u0400-\u04ff](?:[A-Za-z0-9\u0400-\u04ff\-]*[A-Za-z0-9\u0400-\u04ff])?\.)+'
                    r'[A-Za-z\u0400-\u04ff]{2,}(?:-?[A-Za-z0-9\u0400-\u04ff]+)*\Z')


_EMAIL_SEP = re.compile(r'[;,\s]+')
_NON_DIGIT = re.compile(r'\D')


def is_email(address):
    """Syntax check of one address (ASCII local part; Cyrillic domains such as .рф allowed)."""
    return bool(_EMAIL.match(address)) and len(address) <= 254


def emails(value):
    """One or more addresses separated by ``;``, ``,`` or spaces → tuple."""
    parts = [p for p in _EMAIL_SEP.split(text(value)) if p]
    if not parts:
        raise BadValue('ожидается адрес e-mail, например buh@example.ru')
    for p in parts:
        if not is_email(p):
            raise BadValue('неверный адрес e-mail «%s»; ожидается адрес вида buh@example.ru, '
                           'несколько — через «;»' % p)
    return tuple(parts)


def phone(value):
    """A Russian phone number → ``+7XXXXXXXXXX``."""
    digits = _NON_DIGIT.sub('', text(value))
    if len(digits) == 11 and digits[0] in '78':
        return '+7' + digits[1:]
    if len(digits) == 10:
        return '+7' + digits
    raise BadValue('ожидается российский номер телефона, например +7 912 345-67-89')


def choice(value, choices):
    """One of *choices*, case-insensitive → the canonical spelling."""
    s = text(value).lower().replace('ё', 'е')
    for c in choices:
        if c.lower().replace('ё', 'е') == s:
            return c
    raise BadValue('ожидается одно из значений: %s' % ', '.join(choices))
