"""Checks of Russian requisites and the problem list (ошибки реестра).

A :class:`Problem` is one row-level (or settings-level) problem: the file, the
sheet, the row number as Excel shows it (header = row 1), the column, the value
and what is expected. ``str(problem)`` is the Russian line the accountant reads.

>>> inn_error('7707083893') is None, inn_error('7707083894')
(True, 'неверная контрольная сумма ИНН')
>>> account_error('044525225', '40702810938000000001') is None, account_error('044525225', '40702810938000000002')
(True, 'неверный контрольный ключ счёта для БИК 044525225')
>>> print(Problem('Реестр юрлиц.xlsx', 'Клиенты', 7, 'ИНН', '123', 'ожидается 10 или 12 цифр'))
Реестр юрлиц.xlsx, лист «Клиенты», строка 7, столбец «ИНН»: «123» — ожидается 10 или 12 цифр
"""

import re
from collections import namedtuple

from stdnum.ru import inn as _inn

from . import values

_KPP = re.compile(r'\d{4}[0-9A-Z]{2}\d{3}\Z')


class Problem(namedtuple('Problem', 'file sheet row column value message')):
    """One problem; *row* is the Excel row number or ``None`` for a whole file/sheet."""

    def place(self):
        parts = [self.file]
        if self.sheet and self.sheet.startswith('['):    # a settings section: [company]
            parts.append('раздел %s' % self.sheet)
            if self.column:
                parts.append('ключ «%s»' % self.column)
            return ', '.join(parts)
        if self.sheet:
            parts.append('лист «%s»' % self.sheet)
        if self.row:
            parts.append('строка %d' % self.row)
        if self.column:
            parts.append('столбец «%s»' % self.column)
        return ', '.join(parts)

    def __str__(self):
        value = '' if self.value is None or self.value == '' else '«%s» — ' % _show(self.value)
        return '%s: %s%s' % (self.place(), value, self.message)


def _show(value):
    s = values.text(value)
    return s if len(s) <= 60 else s[:57] + '…'


def inn_error(inn):
    """``None`` when *inn* (text) is a valid ИНН of an organisation (10) or a person/ИП (12)."""
    if not inn.isdigit() or len(inn) not in (10, 12):
        return 'ожидается ИНН из 10 цифр (организация) или 12 цифр (ИП)'
    if not (inn.isascii() and _inn.is_valid(inn)):     # stdnum would take fullwidth digits
        return 'неверная контрольная сумма ИНН'
    return None


def kpp_error(kpp):
    if not _KPP.match(kpp):
        return 'ожидается КПП из 9 символов: 4 цифры, 2 цифры или латинские буквы, 3 цифры'
    return None


def ogrn_error(ogrn):
    """ОГРН (13 digits) or ОГРНИП (15 digits) with its check digit.

    Written out rather than calling ``stdnum.ru.ogrn``: python-stdnum 2.2 compares
    an ОГРНИП's check digit with ``n % 13`` without the final ``% 10``, and so
    rejects valid ОГРНИП whose remainder is 10, 11 or 12.
    """
    if not ogrn.isdigit() or len(ogrn) not in (13, 15):
        return 'ожидается ОГРН из 13 цифр (ОГРНИП — 15 цифр)'
    if ogrn[0] == '0':
        return 'ОГРН не может начинаться с 0'
    body = int(ogrn[:-1])
    check = body % 11 % 10 if len(ogrn) == 13 else body % 13 % 10
    if int(ogrn[-1]) != check:
        return 'неверная контрольная цифра ОГРН'
    return None


def bik_error(bik):
    if not re.fullmatch(r'04\d{7}', bik):
        return 'ожидается БИК из 9 цифр, начинается с 04'
    return None


_WEIGHTS = (7, 1, 3) * 8


def _key_ok(digits23):
    return sum(int(d) * w for d, w in zip(digits23, _WEIGHTS)) % 10 == 0


def account_error(bik, account):
    """Расчётный счёт: 20 digits and the control key computed with the bank's БИК."""
    if not re.fullmatch(r'\d{20}', account):
        return 'ожидается номер счёта из 20 цифр'
    if bik_error(bik):
        return 'не проверить: неверный БИК'
    if not _key_ok(bik[-3:] + account):
        return 'неверный контрольный ключ счёта для БИК %s' % bik
    return None


def corr_account_error(bik, account):
    """Корреспондентский счёт: starts with 30101 and ends with the БИК's last 3 digits; key check."""
    if not re.fullmatch(r'\d{20}', account):
        return 'ожидается номер счёта из 20 цифр'
    if bik_error(bik):
        return 'не проверить: неверный БИК'
    if not account.startswith('30101') or account[-3:] != bik[-3:]:
        return 'корр. счёт должен начинаться с 30101 и оканчиваться на %s (последние цифры БИК)' % bik[-3:]
    if not _key_ok('0' + bik[4:6] + account):
        return 'неверный контрольный ключ корр. счёта для БИК %s' % bik
    return None


def company_problems(settings):
    """Problems of the company's own requisites in the settings file (SPEC 6)."""
    c = settings.company
    src = settings.path
    out = []

    def add(key, value, message):
        out.append(Problem(src, '[company]', None, key, value, message))

    required = ('name', 'inn', 'address', 'bank', 'bik', 'account', 'corr_account', 'director')
    for key in required:
        if not getattr(c, key):
            add(key, '', 'не заполнено — нужно для документов')
    checks = (('inn', inn_error(c.inn) if c.inn else None),
              ('kpp', kpp_error(c.kpp) if c.kpp else None),
              ('ogrn', ogrn_error(c.ogrn) if c.ogrn else None),
              ('bik', bik_error(c.bik) if c.bik else None),
              ('account', account_error(c.bik, c.account) if c.account and c.bik else None),
              ('corr_account', corr_account_error(c.bik, c.corr_account) if c.corr_account and c.bik else None),
              ('email', None if not c.email or values.is_email(c.email) else 'неверный адрес e-mail'))
    for key, message in checks:
        if message:
            add(key, getattr(c, key), message)
    if c.inn and len(c.inn) == 10 and not c.kpp:
        add('kpp', '', 'у организации (ИНН из 10 цифр) нужен КПП')
    return out
