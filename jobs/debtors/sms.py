"""SMS texts for an SMS gateway: a CSV of (phone; text; segments).

Segment count as gateways bill it: a text entirely in the GSM 03.38 alphabet
(GSM-7) is 160 characters in one SMS, 153 per part when split (characters of
the extension table count twice); anything else — Cyrillic — goes as UCS-2:
70 characters in one SMS, 67 per part (characters outside the BMP count twice).

>>> segments('Долг 1 500,00 ₽ по дог. Д-0001. Просим оплатить.')
1
>>> segments('x' * 161), segments('я' * 71), segments('я' * 134), segments('я' * 135)
(2, 2, 2, 3)
>>> normalise_phone('8 (916) 123-45-67'), normalise_phone('12345')
('+79161234567', None)
"""

import csv
import re
from pathlib import Path

from .. import files

GSM7_BASIC = set('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?'
                 '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà')
GSM7_EXTENDED = set('^{}\\[~]|€\f')
HEADER = ('Телефон', 'Текст', 'Сегментов')
_FORMULA_START = ('=', '+', '-', '@', '\t', '\r')


def is_gsm7(text):
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENDED for ch in text)


def segments(text):
    """How many SMS parts *text* takes (0 for an empty text)."""
    if not text:
        return 0
    if is_gsm7(text):
        units, single, part = sum(2 if ch in GSM7_EXTENDED else 1 for ch in text), 160, 153
    else:
        units, single, part = len(text.encode('utf-16-le')) // 2, 70, 67
    if units <= single:
        return 1
    return -(-units // part)


def normalise_phone(value):
    """A Russian mobile number as ``+7XXXXXXXXXX``, or ``None`` when it is not one."""
    digits = re.sub(r'\D', '', str(value or ''))
    if len(digits) == 11 and digits[0] in '78':
        digits = digits[1:]
    if len(digits) != 10:
        return None
    return '+7' + digits


def safe_text(text):
    """Text a spreadsheet opening the CSV must not take for a formula: a leading ' when needed."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv(path, rows):
    """Write ``[(phone, text)]`` to *path* (UTF-8 with BOM, «;»): Телефон; Текст; Сегментов.

    The phone column keeps its ``+7…`` form — gateways need it, and it is
    validated digits only, so it cannot carry a formula; the text is escaped.
    Written atomically (:func:`jobs.files.replacing`).
    """
    with files.replacing(path) as tmp:
        with open(tmp, 'w', encoding='utf-8-sig', newline='') as f:
            w = csv.writer(f, delimiter=';', lineterminator='\r\n')
            w.writerow(HEADER)
            for phone, text in rows:
                w.writerow((phone, safe_text(text), segments(text)))
    return Path(path)
