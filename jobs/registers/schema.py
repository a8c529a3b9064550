"""Columns of the client register (Реестр юрлиц), SPEC section 6.

The single definition both the reader (validation) and the ready template
workbook are built from, so the two cannot drift. Headers are matched ignoring
case and stray spaces.

>>> [c.header for c in CLIENTS.columns][:3]
['Код клиента', 'Наименование', 'ИНН']
>>> CLIENTS.column('inn').required
True
"""

from collections import namedtuple

# Column kinds: how a cell is parsed and validated.
CODE = 'code'          # an identifier kept as text (client code, contract number)
TEXT = 'text'          # free text
INN = 'inn'            # ИНН, 10 or 12 digits, checksum
KPP = 'kpp'            # КПП, 9 characters
OGRN = 'ogrn'          # ОГРН (13) or ОГРНИП (15), checksum
DATE = 'date'          # ДД.ММ.ГГГГ, ISO or an Excel serial
PERIOD = 'period'      # a month: ГГГГ-ММ, ММ.ГГГГ or a date in the month
MONEY = 'money'        # rubles: 12 345,50 / 12345.50 ₽
INTEGER = 'integer'    # a whole number ≥ 0 (days)
EMAILS = 'emails'      # one or more e-mail addresses separated by ; or ,
PHONE = 'phone'        # a Russian phone number, normalised to +7XXXXXXXXXX
CHOICE = 'choice'      # one of the listed values

Column = namedtuple('Column', 'key header kind required help choices width')


def col(key, header, kind, required=False, help='', choices=(), width=16):
    return Column(key, header, kind, required, help, tuple(choices), width)


class Sheet(namedtuple('Sheet', 'name columns help')):
    """A sheet of the register: its Russian name and columns in template order."""

    def column(self, key):
        return next(c for c in self.columns if c.key == key)

    @property
    def headers(self):
        return [c.header for c in self.columns]


SEGMENTS = ('малый', 'средний', 'крупный')
SERVICES = ('Интернет', 'ТВ', 'Телефония', 'Видеонаблюдение', 'Прочее')

CLIENTS = Sheet('Клиенты', (
    col('code', 'Код клиента', CODE, True, 'уникальный код клиента в вашем учёте', width=12),
    col('name', 'Наименование', TEXT, True, 'ООО «Ромашка», ИП Иванов И. И.', width=32),
    col('inn', 'ИНН', INN, True, '10 цифр для организации, 12 — для ИП', width=14),
    col('kpp', 'КПП', KPP, False, '9 символов; у ИП пусто', width=12),
    col('ogrn', 'ОГРН', OGRN, False, '13 цифр (ОГРНИП — 15)', width=17),
    col('contract', 'Договор №', CODE, True, 'номер договора, как в назначении платежа', width=12),
    col('contract_date', 'Дата договора', DATE, False, 'ДД.ММ.ГГГГ', width=13),
    col('emails', 'E-mail для документов', EMAILS, True, 'один или несколько адресов через «;»', width=30),
    col('phone', 'Телефон для SMS', PHONE, False, '+7 XXX XXX-XX-XX', width=17),
    col('manager', 'Менеджер', TEXT, True, 'ответственный менеджер', width=20),
    col('segment', 'Сегмент', CHOICE, False, 'малый, средний или крупный', SEGMENTS, width=10),
    col('service', 'Услуга', TEXT, False, 'Интернет, ТВ, Телефония…', width=12),
    col('fee', 'Абонплата', MONEY, False, 'ежемесячная абонплата, руб.', width=14),
    col('connected', 'Дата подключения', DATE, True, 'ДД.ММ.ГГГГ', width=14),
    col('disconnected', 'Дата отключения', DATE, False, 'пусто, если клиент подключён', width=14),
    col('payment_days', 'Срок оплаты (дней)', INTEGER, False,
        'дней от начисления до срока оплаты; пусто — 10', width=12),
    col('no_dunning_until', 'Не напоминать до', DATE, False,
        'обещание оплаты: до этой даты напоминания не отправляются', width=14),
    col('address', 'Адрес', TEXT, False, 'адрес для писем и документов (часто — адрес оказания услуг)', width=40),
    col('legal_address', 'Юридический адрес', TEXT, False,
        'по ЕГРЮЛ / ЕГРИП: туда идут претензии и предупреждения; пусто — «Адрес»', width=40),
    # optional and last: registers made before it read unchanged
    col('edo_id', 'Идентификатор ЭДО', TEXT, False,
        'идентификатор участника ЭДО (Диадок, СБИС…) для XML УПД; пусто — без ЭДО', width=24),
), 'Клиенты-юрлица: одна строка на договор.')

CHARGES = Sheet('Начисления', (
    col('code', 'Код клиента', CODE, True, 'код из листа «Клиенты»', width=12),
    col('period', 'Период', PERIOD, True, 'месяц услуги: ГГГГ-ММ', width=10),
    col('service', 'Услуга', TEXT, False, 'пусто — услуга клиента', width=14),
    col('amount', 'Сумма', MONEY, True, 'руб., с НДС', width=14),
    col('charge_date', 'Дата начисления', DATE, False, 'пусто — последний день периода', width=14),
), 'Начисления по месяцам.')

PAYMENTS = Sheet('Оплаты', (
    col('code', 'Код клиента', CODE, False, 'код клиента; можно пусто, если указан ИНН', width=12),
    col('payer_inn', 'ИНН плательщика', INN, False, 'ИНН плательщика, если код не указан', width=14),
    col('date', 'Дата', DATE, True, 'дата поступления', width=12),
    col('amount', 'Сумма', MONEY, True, 'руб.', width=14),
    col('document', 'Документ', TEXT, False, 'номер платёжного поручения', width=12),
    col('purpose', 'Назначение платежа', TEXT, False, '', width=48),
), 'Поступившие оплаты (код клиента или ИНН плательщика обязателен).')

SHEETS = (CLIENTS, CHARGES, PAYMENTS)
REGISTER_FILE = 'Реестр юрлиц.xlsx'
#: How far down a header row is looked for (a title row above it is tolerated).
HEADER_SEARCH_ROWS = 10


def normalise_header(text):
    """Header as compared: lower case, single spaces, «ё» → «е».

    >>> normalise_header('  ИНН  плательщика ')
    'инн плательщика'
    """
    return ' '.join(str(text or '').replace('ё', 'е').replace('Ё', 'Е').split()).lower()
