"""«Отчет по должникам» (xlsx): what the accountant gets after every run of the debtors job.

Sheets:

* «Должники» — every debtor (overdue debt ≥ ``min_debt``, a debt episode open):
  debt, whole balance, days overdue, bucket, stage reached, the last notice sent
  and its date, manager, «не напоминать до», disconnection; its «Итого» is the
  figure of the e-mail and the job's summary (one definition: :meth:`ReportData.debtors`);
* «Ниже порога» — overdue debt under ``min_debt``: listed, never dunned, never in the totals above;
* «Сводка» — count and sum per aging bucket, with a column chart, and the below-threshold line;
* the sheets of the stages that declare one (:mod:`.stages`: «В суд»);
* «Заказные письма» — the warnings and claims of open episodes for registered post, with the tracks recorded;
* «Отложено» — debtors held by «не напоминать до»;
* one sheet per manager with the columns of «Должники» (their own debtors).

Written by the kit's one xlsx writer (:mod:`jobs.xlsx_writer`): every text stays
text (a name starting with ``=`` is never a formula), money in its ruble format.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from addin.model.aging import BUCKET_LABELS, NOT_OVERDUE

from ..textfmt import date_ru, money as money_ru
from . import ladder, stages as stages_mod

COLUMNS = ('Код', 'Наименование', 'ИНН', 'Договор №', 'Менеджер', 'Просроченный долг', 'Сальдо (всего к оплате)',
           'Дней просрочки', 'Срок оплаты старейшего долга', 'Корзина', 'Стадия', 'Начало эпизода',
           'Последнее уведомление', 'Дата уведомления', 'Не напоминать до', 'Отключён', 'Примечание')
STYLES = ('label',) * 5 + ('money', 'money', 'label', 'date', 'label', 'label', 'date', 'label', 'date', 'date',
                           'date', 'label')
HEADER_ROW = 2


@dataclass
class ReportData:
    as_of: datetime.date
    company: object
    clients: dict                 # code → Client
    accounts: dict                # code → jobs.ledger.accounts.Account
    last: dict                    # code → (stage, as_of iso) of the last notice sent
    held: dict                    # code → «не напоминать до» date (held today)
    sent: dict                    # stage code → [(code, episode iso, as_of iso)] sent (jobs.state.notices.sent)
    recorded: dict                # (code, episode iso) → {stage: {outcome, as_of, …}} (state.notices.by_episode)
    min_debt: Decimal
    stages: tuple
    answer_days: int = 30
    posts: dict = None              # (code, episode iso, stage) → (track, posted_on iso): state.notices.posts
    is_working_day: object = None   # the calendar: the suit date is moved off days off (ст. 193 ГК)

    def debtors(self):
        """The debtors (должники): overdue debt ≥ ``min_debt`` (an open episode), largest days overdue first."""
        return _by_age(a for a in self.accounts.values() if is_debtor(a))

    def below_threshold(self):
        """Overdue debt under ``min_debt``: shown apart, not dunned, not counted as debtors."""
        return _by_age(a for a in self.accounts.values() if a.is_debtor and not is_debtor(a))

    def stats(self):
        """The figures of the e-mail and the summary — the same as the report's «Итого» rows."""
        debtors, below = self.debtors(), self.below_threshold()
        return dict(debtors=len(debtors), total=sum((a.overdue_debt for a in debtors), Decimal(0)),
                    below=len(below), below_total=sum((a.overdue_debt for a in below), Decimal(0)))

    def sent_on(self, code, episode, stage):
        """The date *stage* was sent in the episode, or ``None``."""
        row = self.recorded.get((code, episode), {}).get(stage)
        return datetime.date.fromisoformat(row['as_of']) if row and row['outcome'] == 'sent' else None


def is_debtor(account):
    """Должник: overdue debt at or above the threshold, i.e. a debt episode is open (:mod:`jobs.ledger.accounts`)."""
    return account.episode is not None


def _by_age(accounts):
    return sorted(accounts, key=lambda a: (-a.days_overdue, -a.overdue_debt, a.code))


def sheet_name(name, used):
    """A valid, unique Excel sheet name (≤ 31 characters, none of ``[]:*?/\\``)."""
    base = ' '.join(re.sub(r'[\[\]:*?/\\]', ' ', name).split()).strip("'") or 'Менеджер'
    base = base[:31]
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = ' (%d)' % n
        candidate = base[:31 - len(suffix)] + suffix
        n += 1
    used.add(candidate.lower())
    return candidate


def table(book, used, name, title, headers, rows, styles, empty):
    """A sheet «title / headers / rows» (*empty*: the line shown when there are no rows); returns the sheet."""
    ws = book.sheet(sheet_name(name, used))
    ws.text((0, 0), title, 'subtitle')
    ws.headers(HEADER_ROW, 0, headers, height=45)
    for r, values in enumerate(rows, HEADER_ROW + 1):
        ws.row(r, values, styles)
    if not rows:
        ws.text((HEADER_ROW + 1, 0), empty)
    ws.fit(first_row=HEADER_ROW, maximum=50)
    ws.ws.freeze_panes(HEADER_ROW + 1, 2)
    ws.print_wide()
    return ws


def write(path, data):
    """Write the report for *data* (:class:`ReportData`) to *path* (atomically; a failure is a UserError)."""
    from ..xlsx_writer import Book      # the XlsxWriter stack only when a report is written
    book = Book(path, 'Отчет по должникам', created=None, comments='')
    debtors = data.debtors()
    used = set()
    _debtor_sheet(book, used, 'Должники', data, debtors,
                  'Должники на %s — %s' % (date_ru(data.as_of), data.company.name))
    below = data.below_threshold()
    if below:
        _debtor_sheet(book, used, 'Ниже порога', data, below,
                      'Просрочка меньше порога %s — не напоминаем, в итоги должников не входит'
                      % money_ru(data.min_debt))
    _summary(book, used, data, debtors, below)
    for stage in reversed(data.stages):
        if stage.report_sheet is not None:
            stage.report_sheet(book, used, data)
    _by_post(book, used, data)
    _held(book, used, data)
    by_manager = {}
    for a in debtors:
        by_manager.setdefault(data.clients[a.code].manager or '(без менеджера)', []).append(a)
    for manager in sorted(by_manager):
        _debtor_sheet(book, used, manager, data, by_manager[manager],
                      'Должники менеджера %s на %s' % (manager, date_ru(data.as_of)))
    return book.close()


def _debtor_sheet(book, used, name, data, debtors, title):
    rows = []
    for a in debtors:
        c = data.clients[a.code]
        last = data.last.get(a.code)
        notes = []
        if not is_debtor(a):
            notes.append('долг меньше порога %s — не напоминаем' % money_ru(data.min_debt))
        for s in ladder.stopped_at(a, data.stages):
            notes.append('%s: долг меньше порога %s — лестница остановлена' % (s.name, money_ru(s.min_debt)))
        if a.code in data.held:
            notes.append('обещание оплаты')
        rows.append((a.code, c.name, c.inn, c.contract, c.manager, a.overdue_debt, a.balance, a.days_overdue,
                     a.oldest_due, a.bucket, _stage_name(a, data.stages), a.episode,
                     stages_mod.NAMES.get(last[0], last[0]) if last else '',
                     datetime.date.fromisoformat(last[1]) if last else None,
                     c.no_dunning_until, c.disconnected, '; '.join(notes)))
    ws = table(book, used, name, title, COLUMNS, rows, STYLES, '')
    end = HEADER_ROW + 1 + len(rows)
    if rows:
        ws.text((end, 1), 'Итого', 'bold')
        ws.calc((end, 5), '=SUM(F%d:F%d)' % (HEADER_ROW + 2, end), sum((a.overdue_debt for a in debtors),
                                                                        Decimal(0)), 'bold_money')
    ws.ws.autofilter(HEADER_ROW, 0, max(end - 1, HEADER_ROW + 1), len(COLUMNS) - 1)


def _stage_name(account, stages):
    got = ladder.reached(account, stages) if account.stage is not None else []
    return got[-1].name if got else 'нет'


def _summary(book, used, data, debtors, below):
    buckets = [b for b in BUCKET_LABELS if b != NOT_OVERDUE]
    count = {b: 0 for b in buckets}
    total = {b: Decimal(0) for b in buckets}
    for a in debtors:
        if a.bucket in count:
            count[a.bucket] += 1
            total[a.bucket] += a.overdue_debt
    grand = sum(total.values(), Decimal(0))
    rows = [(b, count[b], total[b], float(total[b] / grand) if grand else 0.0) for b in buckets]
    ws = table(book, used, 'Сводка', 'Просроченная задолженность по срокам на %s' % date_ru(data.as_of),
               ('Срок просрочки, дней', 'Должников', 'Сумма', 'Доля'), rows, ('label', 'label', 'money', 'share'),
               '')
    end = HEADER_ROW + 1 + len(buckets)
    ws.row(end, ('Итого', sum(count.values()), grand), ('bold', 'bold', 'bold_money'))
    below_at = end
    if below:
        # apart from «Итого»: not debtors (under min_debt), listed on «Ниже порога»
        below_at = end + 1
        ws.row(below_at, ('Ниже порога', len(below), sum((a.overdue_debt for a in below), Decimal(0))),
               ('label', 'label', 'money'))
        ws.text((below_at + 1, 0), 'Ниже порога — просрочка меньше %s: не напоминаем, в «Итого» не входит '
                '(лист «Ниже порога»).' % money_ru(data.min_debt))
        below_at += 1
    chart = book.wb.add_chart({'type': 'column'})
    chart.add_series({'name': 'Сумма долга', 'categories': [ws.name, HEADER_ROW + 1, 0, end - 1, 0],
                      'values': [ws.name, HEADER_ROW + 1, 2, end - 1, 2], 'data_labels': {'value': False}})
    chart.set_title({'name': 'Просроченная задолженность по срокам'})
    chart.set_x_axis({'name': 'Дней просрочки'})
    chart.set_y_axis({'name': 'Рубли', 'num_format': '#,##0', 'min': 0})
    chart.set_legend({'none': True})
    ws.ws.insert_chart(below_at + 2, 0, chart, {'x_scale': 1.3, 'y_scale': 1.1})


def _by_post(book, used, data):
    """«Заказные письма»: the warnings and claims of the open debt episodes, to go by registered post
    (or ЭДО) to the legal address — those not posted yet first; ``b2bkit posted`` records the track."""
    posts = data.posts or {}
    rows = []
    for stage in (s for s in data.stages if s.by_post):
        for code, episode, as_of in data.sent.get(stage.code, ()):
            a, c = data.accounts.get(code), data.clients.get(code)
            if a is None or c is None or a.episode is None or a.episode.isoformat() != episode:
                continue   # paid since, or a past episode
            track, posted = posts.get((code, episode, stage.code), (None, None))
            addresses = c.letter_addresses
            rows.append((code, c.name, c.inn, c.contract, stage.name, datetime.date.fromisoformat(as_of),
                         addresses[0] if addresses else 'нет адреса в реестре',
                         addresses[1] if len(addresses) > 1 else '', a.overdue_debt, track or '',
                         datetime.date.fromisoformat(posted) if posted else None))
    rows.sort(key=lambda r: (bool(r[9]), r[5], r[0]))
    waiting = sum(1 for r in rows if not r[9])
    table(book, used, 'Заказные письма', 'Предупреждения и претензии: отправить заказным письмом с описью вложения '
          '(или через ЭДО) — не отправлено %d; после отправки: b2bkit posted КОД ПИСЬМО ТРЕК' % waiting,
          ('Код', 'Наименование', 'ИНН', 'Договор №', 'Письмо', 'Дата письма', 'Юридический адрес',
           'Также по адресу', 'Долг', 'Трек-номер', 'Отправлено почтой'), rows,
          ('label',) * 5 + ('date', 'label', 'label', 'money', 'label', 'date'), 'Писем к отправке нет.')


def _held(book, used, data):
    rows = []
    for code, until in sorted(data.held.items(), key=lambda x: (x[1], x[0])):
        c, a = data.clients[code], data.accounts[code]
        rows.append((code, c.name, c.manager, a.overdue_debt, a.days_overdue, a.stage.name if a.stage else 'нет',
                     until))
    table(book, used, 'Отложено', 'Уведомления отложены: «не напоминать до»',
          ('Код', 'Наименование', 'Менеджер', 'Просроченный долг', 'Дней просрочки', 'Стадия', 'Не напоминать до'),
          rows, ('label',) * 3 + ('money', 'label', 'label', 'date'), 'Нет отложенных.')
