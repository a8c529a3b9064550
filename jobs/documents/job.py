"""The monthly documents job (закрывающие документы): produce, number, record, e-mail.

``run_job(operator_dir, when, dry_run=False)`` is what the scheduler calls
(``jobs.scheduler.JOBS['documents']``, on the configured working day of the
month) and what ``b2bkit documents`` runs. It works on the month of *when*
(the run month, «пакет»): which documents that means is each type's period
rule (:mod:`.types`). A document is dated as its type says (its data's
``date``): the act, the УПД and the счета-фактуры the last day of the service
month (``[documents] date``), the invoice and the statement the run day.

A run, in order:

1. settings and the register are read; a file-level problem stops the run
   before anything is numbered or sent (:class:`~jobs.errors.UserError`);
2. per client (by client code, so numbers follow the codes), in ONE
   transaction: each planned document not yet recorded for this client, type
   and period gets the next number and is recorded, its PDF written
   (atomically) into ``Выгрузка/Документы/ГГГГ-ММ/`` — and a счёт-фактура / УПД also
   as the ЭДО XML into ``Выгрузка/ЭДО/ГГГГ-ММ/`` (:mod:`.edo`) — and one message carrying
   every document of this run month that has not been queued yet is put into
   the outbox and linked to them (``documents.message_id``). A crash rolls all
   of it back (and the files written are removed), so numbers never skip;
3. the outbox is delivered (:func:`jobs.mail.deliver`);
4. the «Документооборот ГГГГ-ММ.xlsx» register and the «Книга продаж» of the months
   of this run's счета-фактуры (:mod:`.sales_book`) are written from the database.

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

from .. import mail, progress, requisites, runlock, settings as settings_mod, state
from ..errors import MailNotSent, UserError
from ..files import remove_quietly, write_bytes
from ..folder_names import DOCUMENTS_DIR, EDO_DIR, OUTPUT_DIR
from ..mail.message import MessageError, sanitize_filename
from ..registers.reader import read_register
from ..textfmt import date_ru, money
from . import content, journal, sales_book, types

JOB = 'documents'
MAIL_TEMPLATE = 'documents'


def month_dir(operator_dir, batch, create=True):
    """``Выгрузка/Документы/ГГГГ-ММ`` of the operator folder."""
    path = Path(operator_dir) / OUTPUT_DIR / DOCUMENTS_DIR / batch
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def edo_dir(operator_dir, batch, create=True):
    """``Выгрузка/ЭДО/ГГГГ-ММ`` of the operator folder: the XML files to upload to an ЭДО operator."""
    path = Path(operator_dir) / OUTPUT_DIR / EDO_DIR / batch
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def doc_date_of(data):
    return datetime.date.fromisoformat(data['date'])


def file_name(doc_type, number, doc_date, client_code, client_name):
    """«Акт № 12 от 02.11.2026 K0001 ООО «Ромашка».pdf», safe on every OS (*doc_type*: a :class:`DocumentType`)."""
    name = '%s № %s от %s %s %s' % (doc_type.file_title, number, date_ru(doc_date), client_code, client_name)
    # a slash in a client's name is not a folder: the mail sanitiser would cut at it
    name = name.replace('/', '-').replace('\\', '-')
    return sanitize_filename(name[:150].rstrip() + '.pdf')


class Case:
    """What a document type's ``build`` may ask about the run: settings, date, a client's
    charges and payments, the payment term, and the state database (``None`` in a dry run
    of a folder without one)."""

    def __init__(self, settings, reg, when, db):
        self.settings, self.reg, self.when, self.db = settings, reg, when, db
        self._charges, self._payments = reg.charges_by_client(), reg.payments_by_client()

    def charges(self, code):
        return self._charges.get(code, [])

    def payments(self, code):
        return self._payments.get(code, [])

    def due_days(self, client):
        return self.reg.due_days(client)


@dataclass
class Planned:
    """One document a run should have for a client."""
    client: object
    doc_type: object          # types.DocumentType
    period: str


def plan(settings, reg, when):
    """``{client code: [Planned, …]}`` for the run month of *when*, clients in code order."""
    periods = [(t, t.period(settings, when)) for t in types.ALL]
    return {code: [Planned(reg.clients[code], t, p) for t, p in periods if p is not None]
            for code in sorted(reg.clients)}


def _summary_counts(count):
    return ', '.join('%s %d' % (t.plural, count[t.code]) for t in types.ALL if count[t.code])


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
        self.batch = content.month_key(self.when.year, self.when.month)
        self.dry_run = dry_run
        self.out = out or print
        self.environ, self.mail_options = environ, dict(mail_options or {})
        self.created = Counter()
        self.queued = 0
        self.remade = 0
        self.edo_files = 0
        self.no_edo = set()         # clients whose счета-фактуры got no XML (no ЭДО id)
        self.sales_books = []
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
            self.case = Case(self.settings, self.reg, self.when, self.db)
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
                # the accountant's record is written whatever happened above; a locked one is not an error
                # of the documents, which are out: the summary says so
                path = month_dir(self.dir, self.batch) / (journal.FILE_NAME % self.batch)
                try:
                    self.register_path = journal.write(path, self.db, self.batch, self.settings)
                except UserError as exc:
                    self.problems.append('реестр документов не записан: %s' % exc)
                try:
                    self.sales_books = sales_book.write_for_batch(month_dir(self.dir, self.batch), self.db,
                                                                  self.batch)
                except UserError as exc:
                    self.problems.append('книга продаж не записана: %s' % exc)
            if self.mail_failed:
                raise MailNotSent(self.summary())
            return self.summary()
        finally:
            if self.db is not None:
                self.db.close()

    # ---- production

    def _new(self, code, items):
        """``(item, data)`` of the planned documents not recorded yet — lazily, in order: a build
        may read what the one before it recorded (a statement cites the act numbered just now)."""
        for item in items:
            t = item.doc_type
            if self.db is None or state.documents.existing(self.db, t.code, code, item.period) is None:
                data = t.build(self.case, item.client, item.period)
                if data is not None:
                    yield item, data

    def produce(self, code, items):
        """Number, record, write and queue one client's documents — one transaction."""
        written = []
        try:
            with state.transaction(self.db):
                for item, data in self._new(code, items):
                    t = item.doc_type
                    doc_date = doc_date_of(data)
                    doc_id, number = state.documents.record(
                        self.db, doc_type=t.code, series=t.series_of(data), doc_date=doc_date, client_code=code,
                        client_name=item.client.name, period=item.period, batch=self.batch,
                        amount=t.amount(data), data=data, now=_utc_now())
                    path = self.folder / file_name(t, number, doc_date, code, item.client.name)
                    write_bytes(path, t.render(data, number))
                    written.append(path)
                    state.documents.set_file(self.db, doc_id, self._relative(path))
                    written.extend(self.write_edo(t, data, number, code))
                    self.created[t.code] += 1
                self.queue(code, items[0].client if items else None)
        except BaseException:
            remove_quietly(written)       # rolled back: their numbers will be issued again
            raise

    def queue(self, code, client):
        """One message with every document of this run month not queued yet (inside the transaction)."""
        rows = state.documents.of_client(self.db, self.batch, code)
        for row in rows:
            self.ensure_file(row)
        pending = [r for r in rows if r['message_id'] is None]
        if not pending or client is None:
            return
        pending.sort(key=lambda r: (types.BY_CODE[r['doc_type']].order, r['id']))
        docs = [{'title': types.BY_CODE[r['doc_type']].heading(r['number'], datetime.date.fromisoformat(r['doc_date'])),
                 'type': r['doc_type'], 'amount': types.BY_CODE[r['doc_type']].amount(json.loads(r['data'])),
                 'period': r['period']} for r in pending]
        # the subject names the month the closing documents are for (the service month), not the run month
        closing = sorted({d['period'] for d in docs if d['type'] not in ('invoice', 'reconciliation')})
        month = content.month_text(closing[-1]) if closing else types.BY_CODE[docs[0]['type']].period_text(
            docs[0]['period'])
        context = {'company': self.settings.company, 'client': client, 'documents': docs,
                   'month': month, 'batch': self.batch, 'closing': bool(closing),
                   'act_month': content.month_text(content.month_key(*content.previous_month(self.when.year,
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
        state.documents.link_message(self.db, [r['id'] for r in pending], msg['message_id'])
        self.queued += 1

    def ensure_file(self, row):
        """Make a recorded document's file (and its ЭДО XML) again when it is missing — identical
        bytes, from the stored data."""
        t = types.BY_CODE[row['doc_type']]
        if row['file'] and not (self.dir / row['file']).exists():
            write_bytes(self.dir / row['file'], t.render(json.loads(row['data']), row['number']))
            self.remade += 1
        if t.edo is not None and self.settings.documents.edo:
            data = json.loads(row['data'])
            self.write_edo(t, data, row['number'], row['client_code'], batch=row['batch'], count=False)

    def write_edo(self, t, data, number, code, batch=None, count=True):
        """The ЭДО XML of a счёт-фактура / УПД (when the type has one and ``[documents] edo`` is on);
        returns the paths written. Without the sender's or the client's ЭДО id there is no file
        name to give it: the client is listed in the summary."""
        if t.edo is None or not self.settings.documents.edo:
            return []
        made = t.edo(data, number)
        if made is None:
            if count:
                self.no_edo.add(code)
            return []
        fid, xml = made
        path = edo_dir(self.dir, batch or self.batch) / (fid + '.xml')
        if path.exists():
            return []
        write_bytes(path, xml)
        if count:
            self.edo_files += 1
        else:
            self.remade += 1
        return [path]

    def _relative(self, path):
        return Path(path).relative_to(self.dir).as_posix()

    # ---- reporting

    def summary(self):
        parts = ['Документы за %s (дата %s)' % (content.month_text(self.batch), date_ru(self.when))]
        total = sum(self.created.values())
        if total:
            parts.append('выпущено %d: %s' % (total, _summary_counts(self.created)))
        else:
            parts.append('новых документов нет')
        parts.append('писем поставлено в очередь: %d' % self.queued)
        if self.remade:
            parts.append('восстановлено пропавших файлов: %d' % self.remade)
        if self.edo_files:
            parts.append('файлов ЭДО (XML): %d' % self.edo_files)
        if self.no_edo:
            parts.append('без файла ЭДО (нет идентификатора ЭДО у клиента или в [company] edo_id): %d'
                         % len(self.no_edo))
        for path in self.sales_books:
            parts.append('книга продаж: %s' % path)
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
            % (content.month_text(self.batch), date_ru(self.when)))
        next_numbers = {}
        count = Counter()
        letters = 0
        for code, items in planned.items():
            lines = []
            for item, data in self._new(code, items):
                t = item.doc_type
                key = (t.series_of(data), doc_date_of(data).year)
                if key not in next_numbers:
                    next_numbers[key] = state.documents.peek(self.db, *key)
                number = next_numbers[key]
                next_numbers[key] += 1
                count[t.code] += 1
                lines.append('    %s за %s, %s' % (t.heading(number, doc_date_of(data)), t.period_text(item.period),
                                                   money(t.amount(data))))
            if lines:
                client = self.reg.clients[code]
                letters += 1
                out('  %s %s → %s' % (code, client.name, ', '.join(client.emails)))
                for line in lines:
                    out(line)
        total = sum(count.values())
        summary = ('Пробный запуск: было бы выпущено документов: %d (%s), писем: %d'
                   % (total, _summary_counts(count) or 'нет', letters))
        out(summary)
        return summary


def _utc_now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds')
