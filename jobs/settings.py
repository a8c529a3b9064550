"""Operator settings (настройки): ``settings.toml`` in the operator folder.

Read with :func:`load`; every problem is a :class:`~jobs.errors.UserError`
naming the file, the section and the key. The commented template new folders
get is ``jobs/data/settings.toml``; a missing key takes the template's value.

>>> s = load_text(template_text(), 'settings.toml')
>>> s.vat.rate, s.dunning.stages[0]
(Decimal('0.22'), ('reminder', 5))
>>> s.calendar.is_working_day(datetime.date(2026, 11, 4))
False
"""

import datetime
import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path

from . import data_files
from .data_files import tomllib
from .errors import UserError

SETTINGS_FILE = 'settings.toml'
#: Overrides [mail] transport (folder | smtp); the other overrides are jobs.mail.config's.
ENV_MAIL_TRANSPORT = 'B2BKIT_MAIL_TRANSPORT'
VAT_MODES = {'22': Decimal('0.22'), '10': Decimal('0.10'), '7': Decimal('0.07'),
             '5': Decimal('0.05'), 'без ндс': None}
STAGE_KEYS = ('reminder', 'warning', 'claim', 'court')


@dataclass(frozen=True)
class Company:
    """Реквизиты организации-оператора."""
    name: str
    inn: str
    kpp: str
    ogrn: str
    address: str
    bank: str
    bik: str
    account: str
    corr_account: str
    director: str
    director_title: str
    accountant: str
    phone: str
    email: str
    bank_city: str = ''       # город банка — for the invoice's bank block («ПАО Сбербанк, г. Москва»)
    edo_id: str = ''          # идентификатор участника ЭДО (Диадок, СБИС…): the sender of the XML files


@dataclass(frozen=True)
class Vat:
    """Режим НДС: *rate* is a fraction, ``None`` — без НДС."""
    mode: str
    rate: object


DOCUMENT_SETS = ('упд', 'акт+сф', 'акт')
DATE_RULES = ('конец месяца', 'день выпуска')


@dataclass(frozen=True)
class Documents:
    """Closing documents (``[documents]``): which set, how they are dated, the optional parts.

    *set*: ``упд`` — УПД (status 1 with VAT, 2 without) instead of the act (and the
    счёт-фактура); ``акт+сф`` — act and счёт-фактура; ``акт`` — the act only (no VAT).
    *date*: ``конец месяца`` — act / УПД / счёт-фактура dated the last day of the service
    month; ``день выпуска`` — the day of the run. *advances*: advance счета-фактуры on the net
    prepayment at month end (letter of the Минфин of 28.04.2022 № 03-07-09/39200).
    *acceptance*: the contract says an unsigned act counts as accepted (the clause is printed
    on the act and the акт сверки only then). *qr*: the payment QR code (ГОСТ Р 56042-2014) on
    the invoice. *edo*: the XML files for an ЭДО operator.
    """
    set: str = 'упд'
    date: str = 'конец месяца'
    advances: bool = True
    acceptance: bool = False
    acceptance_days: int = 5
    qr: bool = False
    edo: bool = True


@dataclass(frozen=True)
class Billing:
    prepayment: bool          # invoices for the current month (else for the previous one)
    payment_days: int         # default term, days from the charge date
    pay_by_day: object = None  # «оплата до N-го числа месяца, следующего за расчётным» (clients without days)


@dataclass(frozen=True)
class Mail:
    transport: str            # folder | smtp (environment variables may override, see jobs.mail)
    folder: str
    host: str
    port: int
    tls: str                  # ssl | starttls | none
    user: str
    sender: str
    sender_name: str
    accountant: tuple
    lawyer: tuple
    owner: tuple
    per_minute: int


@dataclass(frozen=True)
class Schedule:
    timezone: str
    debtors_at: datetime.time
    documents_at: datetime.time
    documents_workday: int
    report_at: datetime.time
    send_window: tuple        # (start, end) as datetime.time
    catchup_days: int = 62    # missed monthly slots within this many days are caught up
    payslips_day: int = 5     # calendar day of the final payment (payslips of the month before)
    payslips_at: datetime.time = datetime.time(11, 0)

    def now(self):
        """The current moment in the operator's time zone."""
        import zoneinfo
        return datetime.datetime.now(zoneinfo.ZoneInfo(self.timezone))

    def today(self):
        """Today's date in the operator's time zone (Russia spans 11 of them)."""
        return self.now().date()


@dataclass(frozen=True)
class Dunning:
    min_debt: Decimal
    stages: tuple             # ((code, days), …) ascending by days
    answer_days: int
    suspension_days: int
    penalty_per_day: Decimal = Decimal(0)   # contractual неустойка a day (0.001 = 0.1 %); 0 — ст. 395 interest
    resume_days: int = 1                    # working days after payment until a suspended service resumes
    court_min_debt: Decimal = Decimal(10000)  # below it no court hand-over: the ladder stops at the claim


@dataclass(frozen=True)
class Calendar:
    """Working-day calendar (производственный календарь): the kit's shipped calendar
    (:mod:`addin.model.calendar`, the Government's decrees) with the operator's own
    days from ``[calendar]`` on top."""
    weekends: frozenset       # ISO weekdays 1..7
    holidays: frozenset       # the operator's extra days off (a regional holiday)
    workdays: frozenset       # the operator's extra working days (a working Saturday)
    production: object = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self):
        from addin.model.calendar import ProductionCalendar
        object.__setattr__(self, 'production',
                           ProductionCalendar(self.holidays, self.workdays, self.weekends))

    def is_working_day(self, day):
        return self.production.is_working_day(day)

    def working_days_of_month(self, year, month):
        return self.production.working_days_of_month(year, month)

    def workday_add(self, day, days):
        """The *days*-th working day after *day* (0 — *day* or the next working day)."""
        return self.production.workday_add(day, days)

    @staticmethod
    def is_provisional(year):
        """True when the shipped calendar of *year* is not checked against a decree."""
        from addin.model.calendar import is_provisional
        return is_provisional(year)


@dataclass(frozen=True)
class Settings:
    path: str
    company: Company
    vat: Vat
    billing: Billing
    mail: Mail
    schedule: Schedule
    dunning: Dunning
    calendar: Calendar
    raw: dict = field(repr=False, compare=False, default=None)
    service_rules: dict = field(default_factory=dict)   # service (lower case) → the rules a warning cites
    documents: Documents = field(default_factory=Documents)

    def rules_of(self, service):
        """The rules of service *service* (the register's «Услуга») a suspension warning cites."""
        key = (service or '').strip().lower()
        return self.service_rules.get(key) or self.service_rules.get('по умолчанию', '')


def template_text():
    """The commented settings template (Russian comments)."""
    return resources.files('jobs').joinpath('data/settings.toml').read_text(encoding='utf-8')


@functools.lru_cache(maxsize=None)
def _template_defaults():
    """The template's values (defaults of keys left out), parsed once a process: tomllib is pure Python."""
    return tomllib.loads(template_text())


class _Reader:
    """Reads typed values from one section, naming file/section/key in errors."""

    def __init__(self, source, data, defaults, section):
        self.source, self.section = source, section
        self.data = data.get(section, {})
        self.defaults = defaults.get(section, {})
        if not isinstance(self.data, dict):
            self.fail(None, 'ожидается раздел [%s]' % section)

    def fail(self, key, expected, value=None):
        where = '%s, раздел [%s]' % (self.source, self.section) + (', ключ «%s»' % key if key else '')
        text = '%s: %s' % (where, expected)
        if value is not None:
            text += ' (указано: %r)' % (value,)
        raise UserError(text)

    def get(self, key):
        return self.data[key] if key in self.data else self.defaults.get(key)

    def text(self, key):
        v = self.get(key)
        if v is None:
            return ''
        if not isinstance(v, str):
            self.fail(key, 'ожидается текст в кавычках', v)
        return v.strip()

    def integer(self, key, minimum=0, maximum=None):
        v = self.get(key)
        if isinstance(v, bool) or not isinstance(v, int) or v < minimum or (maximum is not None and v > maximum):
            limits = 'от %d' % minimum + (' до %d' % maximum if maximum is not None else '')
            self.fail(key, 'ожидается целое число %s' % limits, v)
        return v

    def money(self, key):
        v = self.get(key)
        if isinstance(v, bool) or not isinstance(v, (int, float, str)):
            self.fail(key, 'ожидается сумма в рублях', v)
        try:
            d = Decimal(str(v).replace(',', '.').replace(' ', ''))
        except ArithmeticError:
            self.fail(key, 'ожидается сумма в рублях', v)
        if d < 0:
            self.fail(key, 'сумма не может быть отрицательной', v)
        return d

    def time(self, key, value=None):
        v = self.get(key) if value is None else value
        if isinstance(v, datetime.time):
            return v
        m = re.fullmatch(r'(\d{1,2}):(\d{2})', str(v or '').strip())
        if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
            self.fail(key, 'ожидается время ЧЧ:ММ, например "10:00"', v)
        return datetime.time(int(m.group(1)), int(m.group(2)))

    def emails(self, key):
        v = self.get(key) or []
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            self.fail(key, 'ожидается список адресов, например ["buh@example.ru"]', v)
        for address in v:
            if not re.fullmatch(r'[^@\s<>;,]+@[^@\s<>;,]+\.[^@\s<>;,]+', address.strip()):
                self.fail(key, 'неверный адрес e-mail', address)
        return tuple(x.strip() for x in v)

    def dates(self, key):
        v = self.get(key) or []
        if not isinstance(v, list):
            self.fail(key, 'ожидается список дат ["ГГГГ-ММ-ДД", …]', v)
        out = set()
        for item in v:
            if isinstance(item, datetime.date):
                out.add(item)
                continue
            try:
                out.add(datetime.date.fromisoformat(str(item)))
            except ValueError:
                self.fail(key, 'ожидается дата ГГГГ-ММ-ДД', item)
        return frozenset(out)


#: tomllib's messages in Russian (``jobs/data/messages_ru.toml``).
_TOML_MESSAGES = tuple(data_files.load('messages_ru')['toml'].items())


def toml_error_ru(exc):
    """tomllib's English message as Russian: what is wrong and where (строка, столбец)."""
    text = str(exc)
    where = re.search(r'\(at line (\d+), column (\d+)\)', text)
    place = 'строка %s, позиция %s' % where.groups() if where else ''
    if 'end of document' in text and where is None:
        place = 'в конце файла'
    reason = next((ru for en, ru in _TOML_MESSAGES if text.startswith(en)), None)
    if reason is None:
        reason = 'ошибка записи (%s)' % text
    return 'ошибка в записи настроек%s: %s' % ((', ' + place) if place else '', reason)


def load_text(text, source):
    """Parse settings from TOML *text*; *source* names the file in messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserError('%s: %s' % (source, toml_error_ru(exc)))
    defaults = dict(_template_defaults())
    # a requisite left out must not silently become the demo company's
    defaults['company'] = {k: '' for k in defaults['company']}

    def section(name):
        return _Reader(source, data, defaults, name)

    c = section('company')
    company = Company(**{k: c.text(k) for k in Company.__dataclass_fields__})

    v = section('vat')
    mode = str(v.get('mode')).strip().lower().replace('%', '').strip()
    if mode not in VAT_MODES:
        v.fail('mode', 'ожидается "22", "10", "7", "5" или "без НДС"', v.get('mode'))
    vat = Vat('без НДС' if VAT_MODES[mode] is None else mode, VAT_MODES[mode])

    b = section('billing')
    invoice = b.text('invoice').lower()
    if invoice not in ('предоплата', 'постоплата'):
        b.fail('invoice', 'ожидается "предоплата" или "постоплата"', invoice)
    billing = Billing(invoice == 'предоплата', b.integer('payment_days', 0, 365),
                      b.integer('pay_by_day', 1, 31) if b.get('pay_by_day') is not None else None)

    m = section('mail')
    transport = m.text('transport').lower()
    if transport not in ('folder', 'smtp'):
        m.fail('transport', 'ожидается "folder" или "smtp"', transport)
    tls = m.text('tls').lower()
    if tls not in ('ssl', 'starttls', 'none'):
        m.fail('tls', 'ожидается "ssl", "starttls" или "none"', tls)
    if 'password' in m.data:
        m.fail('password', 'пароль в файле настроек не хранится: задайте переменную окружения '
                           'B2BKIT_SMTP_PASSWORD или сохраните его в хранилище паролей ОС; '
                           'удалите этот ключ')
    mail = Mail(transport, m.text('folder') or 'Почта', m.text('host'), m.integer('port', 1, 65535), tls,
                m.text('user'), m.text('sender'), m.text('sender_name'), m.emails('accountant'),
                m.emails('lawyer'), m.emails('owner'), m.integer('per_minute', 0))
    if mail.sender:
        m.emails('sender')

    s = section('schedule')
    tz = s.text('timezone')
    try:
        import zoneinfo
        zoneinfo.ZoneInfo(tz)
    except Exception:
        s.fail('timezone', 'неизвестный часовой пояс; например "Europe/Moscow", "Asia/Yekaterinburg"', tz)
    window = s.get('send_window')
    if not isinstance(window, list) or len(window) != 2:
        s.fail('send_window', 'ожидается ["ЧЧ:ММ", "ЧЧ:ММ"]', window)
    window = (s.time('send_window', window[0]), s.time('send_window', window[1]))
    if window[0] >= window[1]:
        s.fail('send_window', 'начало окна должно быть раньше конца', s.get('send_window'))
    schedule = Schedule(tz, s.time('debtors_at'), s.time('documents_at'),
                        s.integer('documents_workday', 1, 10), s.time('report_at'), window,
                        s.integer('catchup_days', 0, 366),
                        payslips_day=s.integer('payslips_day', 1, 31), payslips_at=s.time('payslips_at'))

    d = section('dunning')
    stages = tuple((key, d.integer(key, 0, 3650)) for key in STAGE_KEYS)
    if [days for _, days in stages] != sorted(days for _, days in stages):
        d.fail(None, 'дни стадий должны возрастать: reminder ≤ warning ≤ claim ≤ court')
    penalty = d.get('penalty_per_day')
    if not isinstance(penalty, (int, float)) or isinstance(penalty, bool) or not 0 <= penalty < 0.1:
        d.fail('penalty_per_day', 'ожидается доля в день от 0 до 0,1 (0.001 = 0,1 %% в день; 0 — проценты по '
                                  'ст. 395 ГК РФ)', penalty)
    dunning = Dunning(d.money('min_debt'), stages, d.integer('answer_days', 1, 365),
                      d.integer('suspension_days', 1, 365), Decimal(str(penalty)), d.integer('resume_days', 0, 30),
                      d.money('court_min_debt'))

    r = section('service_rules')
    rules = {}
    for service in {**defaults.get('service_rules', {}), **(data.get('service_rules') or {})}:
        rules[service.strip().lower()] = r.text(service)
    if 'по умолчанию' not in rules:
        rules['по умолчанию'] = defaults['service_rules']['по умолчанию']

    k = section('calendar')
    weekends = k.get('weekends')
    if not isinstance(weekends, list) or not all(isinstance(x, int) and 1 <= x <= 7 for x in weekends):
        k.fail('weekends', 'ожидается список дней недели от 1 (пн) до 7 (вс)', weekends)
    both = k.dates('holidays') & k.dates('workdays')
    if both:
        k.fail('workdays', 'дата указана и в holidays, и в workdays', min(both).isoformat())
    calendar = Calendar(frozenset(weekends), k.dates('holidays'), k.dates('workdays'))

    documents = _documents(section('documents'), vat)

    return Settings(source, company, vat, billing, mail, schedule, dunning, calendar, data, rules, documents)


def _documents(r, vat):
    """``[documents]``; the set left empty follows the VAT mode (with VAT — УПД, without — the act)."""
    chosen = r.text('set').lower().replace(' ', '')
    if not chosen:
        chosen = 'акт' if vat.rate is None else 'упд'
    if chosen not in DOCUMENT_SETS:
        r.fail('set', 'ожидается "упд", "акт+сф" или "акт" (пусто — по режиму НДС)', r.get('set'))
    if chosen == 'акт+сф' and vat.rate is None:
        r.fail('set', 'счёт-фактура выставляется только с НДС: при режиме «без НДС» укажите "акт" или "упд"',
               r.get('set'))
    date = ' '.join(r.text('date').lower().split())
    if date not in DATE_RULES:
        r.fail('date', 'ожидается "конец месяца" или "день выпуска"', r.get('date'))

    def flag(key):
        v = r.get(key)
        if not isinstance(v, bool):
            r.fail(key, 'ожидается true или false', v)
        return v
    return Documents(chosen, date, flag('advances'), flag('acceptance'), r.integer('acceptance_days', 1, 90),
                     flag('qr'), flag('edo'))


def load(operator_dir):
    """Read ``settings.toml`` of *operator_dir*."""
    path = Path(operator_dir) / SETTINGS_FILE
    try:
        text = path.read_text(encoding='utf-8-sig')
    except FileNotFoundError:
        raise UserError('нет файла настроек %s; создайте папку оператора командой '
                        '«b2bkit init ПАПКА»' % path)
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError('не удалось прочитать %s: %s' % (path, exc))
    _load_yearly_facts(Path(operator_dir))
    return load_text(text, str(path))


YEARLY_FACTS_FILE = 'yearly.json'


def _load_yearly_facts(operator_dir):
    """Add the years of ``yearly.json`` in the operator folder, when there is one
    (a new year's НДФЛ scale or limits before the kit is updated)."""
    from addin.model import yearly
    path = operator_dir / YEARLY_FACTS_FILE
    if path.exists():
        try:
            yearly.add_years_from_json(path.read_text(encoding='utf-8-sig'))
        except (OSError, ValueError) as exc:
            raise UserError('файл годовых показателей %s: %s' % (path, exc))


# --- personal plans (used by the owner's report and the sales report) ----------------------

def _month_key(text, what):
    """``'2026-3'`` / ``'2026-03'`` → ``'2026-03'``; a Russian :class:`UserError` otherwise."""
    try:
        year, month = (int(x) for x in str(text).strip().split('-'))
        if not (1 <= month <= 12 and 1900 <= year <= 9999):
            raise ValueError
    except ValueError:
        raise UserError('%s: ожидается месяц ГГГГ-ММ, например 2026-03 (указано: %r)' % (what, text))
    return '%04d-%02d' % (year, month)


def plans_from_settings(settings):
    """Personal plans (new clients a month) from the optional ``[plans]`` table.

    ::

        [plans]
        "Иванова А. С." = 5                                # every month
        "Петров Д. Н." = { "2026-02" = 4, "2026-03" = 6 }  # by month

    Returns ``{manager: int | {'ГГГГ-ММ': int}}`` (empty without the table).
    """
    raw = (getattr(settings, 'raw', None) or {}).get('plans')
    if raw is None:
        return {}
    where = '%s, раздел [plans]' % settings.path
    if not isinstance(raw, dict):
        raise UserError('%s: ожидается таблица «"Менеджер" = план в месяц»' % where)

    def count(value, key):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise UserError('%s, ключ «%s»: ожидается целое число новых клиентов в месяц (≥ 0) '
                            '(указано: %r)' % (where, key, value))
        return value

    out = {}
    for manager, value in raw.items():
        if isinstance(value, dict):
            by_month = {}
            for month, n in value.items():
                by_month[_month_key(month, '%s, ключ «%s»' % (where, manager))] = count(n, '%s.%s' % (manager, month))
            out[manager.strip()] = by_month
        else:
            out[manager.strip()] = count(value, manager)
    return out
