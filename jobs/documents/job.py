"""The monthly documents job (закрывающие документы): produce, number, record, e-mail.

``run_job(operator_dir, when, dry_run=False)`` is what the scheduler calls
(``jobs.scheduler.JOBS['documents']``, on the configured working day of the
month) and what ``b2bkit documents`` runs. It works on the month of *when*
(the run month, «пакет»): which documents that means is in :mod:`.model`.
Every document is dated *when*.

A run, in order:

1. settings and the register are read; a file-level problem stops the run
   before anything is numbered or sent (:class:`~jobs.errors.UserError`);
2. per client (by client code, so numbers follow the codes), in ONE
   transaction: each planned document not yet recorded for this client, type
   and period gets the next number and is recorded, its PDF written
   (atomically) into ``Выгрузка/Документы/ГГГГ-ММ/``, and one message carrying
   every document of this run month that has not been queued yet is put into
   the outbox and linked to them (``documents.message_id``). A crash rolls all
   of it back (and the files written are removed), so numbers never skip;
3. the outbox is delivered (:func:`jobs.mail.deliver`);
4. the «Документооборот ГГГГ-ММ.xlsx» register is written from the database.

A rerun finds every document recorded and every message queued: it numbers
nothing, queues nothing, and only delivers what an earlier run left in the
outbox (a crash between the commit and the delivery) — once, with the same
Message-ID. A file deleted by hand is made again from the stored data
(identical bytes). A dry run opens nothing for writing and creates no file:
it lists what would be produced (with the numbers it would get) and to whom
it would go.
"""

import datetime
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .. import mail, operator_folder, progress, requisites, runlock, settings as settings_mod, state
from ..errors import MailNotSent, UserError
from ..mail.message import MessageError, sanitize_filename
from ..files import write_bytes
from ..registers.reader import read_register
from ..textfmt import date_ru, money
from . import act, invoice, model, numbering, reconciliation
from . import register as register_mod

JOB = 'documents'
DOCUMENTS_DIR = 'Документы'
MAIL_TEMPLATE = 'documents'
#: Order of the documents of one client: numbering order and attachment order.
TYPE_ORDER = ('act', 'invoice', 'reconciliation')
RENDER = {'act': act.render, 'invoice': invoice.render, 'reconciliation': reconciliation.render}
TITLE = {'act': act.title, 'invoice': invoice.title, 'reconciliation': reconciliation.title}
FILE_TITLES = {'act': 'Акт', 'invoice': 'Счет', 'reconciliation': 'Акт сверки'}
TITLES_PLURAL = {'act': 'актов', 'invoice': 'счетов', 'reconciliation': 'актов сверки'}


def month_dir(operator_dir, batch, create=True):
    """``Выгрузка/Документы/ГГГГ-ММ`` of the operator folder."""
    path = Path(operator_dir) / operator_folder.OUTPUT_DIR / DOCUMENTS_DIR / batch
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def file_name(doc_type, number, doc_date, client_code, client_name):
    """«Акт № 12 от 02.11.2026 K0001 ООО «Ромашка».pdf», safe on every OS."""
    name = '%s № %s от %s %s %s' % (FILE_TITLES[doc_type], number, date_ru(doc_date), client_code, client_name)
    # a slash in a client's name is not a folder: the mail sanitiser would cut at it
    name = name.replace('/', '-').replace('\\', '-')
    return sanitize_filename(name[:150].rstrip() + '.pdf')


def document_title(doc_type, number, doc_date):
    return TITLE[doc_type](number, doc_date)


@dataclass
class Planned:
    """One document a run should have for a client; *make(db)* builds its data (or ``None``)."""
    client: object
    doc_type: str
    period: str
    make: object


def plan(settings, reg, when):
    """``{client code: [Planned, …]}`` for the run month of *when*, clients in code order."""
    year, month = when.year, when.month
    prev = model.month_key(*model.previous_month(year, month))
    inv_period = model.month_key(year, month) if settings.billing.prepayment else prev
    quarter = model.quarter_ended(year, month)
    charges, payments = reg.charges_by_client(), reg.payments_by_client()
    out = {}
    for code in sorted(reg.clients):
        client = reg.clients[code]
        cc, pp = charges.get(code, []), payments.get(code, [])
        items = [
            Planned(client, 'act', prev, lambda db, c=client, cc=cc: model.act(settings, c, cc, when, prev)),
            Planned(client, 'invoice', inv_period,
                    lambda db, c=client, cc=cc: model.invoice(settings, c, cc, when, inv_period, reg.due_days(c))),
        ]
        if quarter is not None:
            items.append(Planned(
                client, 'reconciliation', model.quarter_key(*quarter),
                lambda db, c=client, cc=cc, pp=pp: model.reconciliation(
                    settings, c, cc, pp, when, quarter[0], quarter[1], _acts_of(db, c.code, quarter))))
        out[code] = items
    return out


def _acts_of(db, code, quarter):
    """``{period: (number, date)}`` of our acts to *code* for the quarter's months (to cite in the statement)."""
    if db is None:
        return {}
    start, _ = model.quarter_bounds(*quarter)
    periods = [model.month_key(start.year, start.month + i) for i in range(3)]
    rows = db.execute("SELECT period, number, doc_date FROM documents WHERE doc_type = 'act' AND client_code = ? "
                      "AND period IN (?, ?, ?)", (code, *periods)).fetchall()
    return {r['period']: (r['number'], datetime.date.fromisoformat(r['doc_date'])) for r in rows}


def run_job(operator_dir, when=None, dry_run=False, *, out=None, environ=None, mail_options=None):
    """Run the documents job for the month of *when* (default: today in the operator's time zone).

    Returns the Russian summary. *out* receives the dry run's lines (default:
    print); *environ* / *mail_options* go to :func:`jobs.mail.deliver`.
    """
    run = Run(operator_dir, when, dry_run, out, environ, mail_options)
    return run.run()


class Run:
    """One run of the job (see the module docstring)."""

    def __init__(self, operator_dir, when, dry_run, out=None, environ=None, mail_options=None):
        self.dir = Path(operator_dir)
        self.settings = settings_mod.load(self.dir)
        self.when = when or self.settings.schedule.today()
        self.batch = model.month_key(self.when.year, self.when.month)
        self.dry_run = dry_run
        self.out = out or print
        self.environ, self.mail_options = environ, dict(mail_options or {})
        self.created = Counter()
        self.queued = 0
        self.remade = 0
        self.problems = []
        self.mail_failed = False
        self.delivery = None
        self.register_path = None
        self.folder = None          # the run month's documents folder (made once per run)

    def run(self):
        # before anything is numbered: a document with wrong requisites is worse than none
        requisites.require(self.settings, 'документы не сформированы, номера не заняты', self.dir)
        self.db = state.connect_readonly(self.dir) if self.dry_run else state.connect(self.dir)
        try:
            self.reg = read_register(self.dir, self.settings, state_db=self.db)
            planned = plan(self.settings, self.reg, self.when)
            if self.dry_run:
                return self.print_plan(planned)
            try:
                self.folder = month_dir(self.dir, self.batch)     # once, not per client
                with progress.bar(len(planned), 'Документы', 'клиент') as bar:
                    for code, items in planned.items():
                        if runlock.stop_event.is_set():
                            # Ctrl-C / SIGTERM: stop between clients; the rest is made by the next run
                            self.problems.append('остановлено по запросу: остальные клиенты — при следующем запуске')
                            break
                        self.produce(code, items)
                        bar.update(1)
                try:
                    self.delivery = mail.deliver(self.dir, self.settings, self.db, environ=self.environ,
                                                 **self.mail_options)
                except UserError as exc:
                    self.problems.append('почта не отправлена: %s' % exc)
                    self.mail_failed = True
            finally:
                # the accountant's record is written whatever happened above
                self.register_path = register_mod.write(self.dir, self.db, self.batch, self.settings)
            if self.mail_failed:
                raise MailNotSent(self.summary())
            return self.summary()
        finally:
            if self.db is not None:
                self.db.close()

    # ---- production

    def produce(self, code, items):
        """Number, record, write and queue one client's documents — one transaction."""
        written = []
        try:
            with state.transaction(self.db):
                for item in items:
                    row = numbering.existing(self.db, item.doc_type, code, item.period)
                    if row is not None:
                        continue
                    data = item.make(self.db)
                    if data is None:
                        continue
                    doc_id, number = numbering.record(
                        self.db, doc_type=item.doc_type, doc_date=self.when, client_code=code,
                        client_name=item.client.name, period=item.period, batch=self.batch,
                        amount=model.amount_of(data), data=data, now=_utc_now())
                    path = self.folder / file_name(item.doc_type, number, self.when, code, item.client.name)
                    write_bytes(path, RENDER[item.doc_type](data, number))
                    written.append(path)
                    self.db.execute('UPDATE documents SET file = ? WHERE id = ?',
                                    (self._relative(path), doc_id))
                    self.created[item.doc_type] += 1
                self.queue(code, items[0].client if items else None)
        except BaseException:
            for path in written:       # rolled back: their numbers will be issued again
                try:
                    path.unlink()
                except OSError:
                    pass
            raise

    def queue(self, code, client):
        """One message with every document of this run month not queued yet (inside the transaction)."""
        rows = self.db.execute('SELECT * FROM documents WHERE batch = ? AND client_code = ? ORDER BY id',
                               (self.batch, code)).fetchall()
        for row in rows:
            self.ensure_file(row)
        pending = [r for r in rows if r['message_id'] is None]
        if not pending or client is None:
            return
        pending.sort(key=lambda r: (TYPE_ORDER.index(r['doc_type']), r['id']))
        docs = [{'title': document_title(r['doc_type'], r['number'], datetime.date.fromisoformat(r['doc_date'])),
                 'type': r['doc_type'], 'amount': model.amount_of(json.loads(r['data'])),
                 'period': r['period']} for r in pending]
        context = {'company': self.settings.company, 'client': client, 'documents': docs,
                   'month': model.month_text(self.batch), 'batch': self.batch,
                   'act_month': model.month_text(model.month_key(*model.previous_month(self.when.year,
                                                                                        self.when.month)))}
        key = '%s/%s/%s' % (code, self.batch, '+'.join('%s-%d-%d' % (r['doc_type'], r['year'], r['number'])
                                                       for r in pending))
        try:
            rendered = mail.render(MAIL_TEMPLATE, context, self.dir)
            msg = mail.enqueue(self.db, self.settings, job=JOB, key=key, recipients=list(client.emails),
                               subject=rendered.subject, text=rendered.text, html=rendered.html,
                               attachments=[(self.dir / r['file'], Path(r['file']).name) for r in pending],
                               client_code=code)
        except MessageError as exc:
            # the documents stay recorded; the next run tries to queue them again
            self.problems.append('%s %s: письмо не поставлено в очередь: %s' % (code, client.name, exc))
            return
        self.db.executemany('UPDATE documents SET message_id = ? WHERE id = ?',
                            [(msg['message_id'], r['id']) for r in pending])
        self.queued += 1

    def ensure_file(self, row):
        """Make a recorded document's file again when it is missing (identical bytes, from the stored data)."""
        if not row['file'] or (self.dir / row['file']).exists():
            return
        write_bytes(self.dir / row['file'], RENDER[row['doc_type']](json.loads(row['data']), row['number']))
        self.remade += 1

    def _relative(self, path):
        return Path(path).relative_to(self.dir).as_posix()

    # ---- reporting

    def summary(self):
        parts = ['Документы за %s (дата %s)' % (model.month_text(self.batch), date_ru(self.when))]
        total = sum(self.created.values())
        if total:
            parts.append('выпущено %d: %s' % (total, ', '.join(
                '%s %d' % (TITLES_PLURAL[t], self.created[t]) for t in TYPE_ORDER if self.created[t])))
        else:
            parts.append('новых документов нет')
        parts.append('писем поставлено в очередь: %d' % self.queued)
        if self.remade:
            parts.append('восстановлено пропавших файлов: %d' % self.remade)
        if self.delivery is not None:
            parts.append('отправка: %s' % self.delivery.summary())
        if self.reg.problems:
            parts.append('строк реестра с ошибками (не учтены): %d — см. «b2bkit check»' % len(self.reg.problems))
        parts.extend(self.problems)
        if self.register_path is not None:
            parts.append('реестр документов: %s' % self.register_path)
        return '; '.join(parts)

    def print_plan(self, planned):
        """Dry run: what would be produced and to whom it would go; nothing is written."""
        out = self.out
        out('Пробный запуск (ничего не записывается и не отправляется): документы за %s, дата %s'
            % (model.month_text(self.batch), date_ru(self.when)))
        next_numbers = {}
        count = Counter()
        letters = 0
        for code, items in planned.items():
            lines = []
            for item in items:
                row = numbering.existing(self.db, item.doc_type, code, item.period) if self.db else None
                if row is not None:
                    continue
                data = item.make(self.db)
                if data is None:
                    continue
                key = (item.doc_type, self.when.year)
                if key not in next_numbers:
                    next_numbers[key] = numbering.peek(self.db, *key)
                number = next_numbers[key]
                next_numbers[key] += 1
                count[item.doc_type] += 1
                lines.append('    %s за %s, %s' % (document_title(item.doc_type, number, self.when),
                                                   model.period_text(item.doc_type, item.period),
                                                   money(model.amount_of(data))))
            if lines:
                client = self.reg.clients[code]
                letters += 1
                out('  %s %s → %s' % (code, client.name, ', '.join(client.emails)))
                for line in lines:
                    out(line)
        total = sum(count.values())
        summary = ('Пробный запуск: было бы выпущено документов: %d (%s), писем: %d'
                   % (total, ', '.join('%s %d' % (TITLES_PLURAL[t], count[t]) for t in TYPE_ORDER if count[t])
                      or 'нет', letters))
        out(summary)
        return summary


def _utc_now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds')
