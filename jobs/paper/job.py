"""Making paperwork (выпуск бумаг): templates × clients → DOCX + PDF, numbered, optionally mailed.

For each selected client (register order) the template — or the family's
template for the client (``КП`` by segment, ``Договор`` by service) — is filled
(:mod:`.context`, :mod:`.render`), in chunks of :data:`CHUNK` documents, each
chunk ONE state transaction:

1. a numbered template (it prints ``{{ doc.number }}``) already issued to this
   client for this occasion is not numbered again: its files are kept, and
   made again from the stored fields if they were deleted;
2. a new numbered document takes the next number of its series inside a
   savepoint — a client whose requisite is empty is rolled back to it, so the
   number goes to the next client and the series stays gapless;
3. every DOCX of the chunk is converted to PDF by ONE headless LibreOffice
   call, then both files are moved into
   ``Выгрузка/Документы по клиентам/<код> <клиент>/`` atomically;
4. with *email*, one message per document is queued in the outbox (idempotent
   by client, template and number or date) and the outbox is delivered at the end.

A broken template (syntax, unknown field) stops the run before anything is
committed; an empty requisite skips that client with a Russian message naming
the template, the field and the client.
"""

import datetime
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import mail, operator_folder, settings as settings_mod, state
from ..errors import UserError
from ..files import remove_quietly, write_bytes
from ..libreoffice import headless
from ..mail.message import MessageError, sanitize_filename, template_environment
from . import catalogue, clients as clients_mod, context, tariffs
from .render import FieldMissing, render

JOB = 'paper'
OUTPUT = 'Документы по клиентам'
CHUNK = 100
MAIL_TEMPLATE = 'paper'


@dataclass
class Made:
    """One document written: its template, client, number (or ``None``) and files."""
    template: str
    who: str
    number: object
    files: list
    new: bool = True


@dataclass
class Result:
    made: list = field(default_factory=list)
    kept: list = field(default_factory=list)          # numbered documents issued before, files in place
    problems: list = field(default_factory=list)      # Russian messages: clients skipped
    queued: int = 0
    delivery: object = None
    dry_run: bool = False

    def summary(self):
        new = [m for m in self.made if m.new]
        parts = ['%s: %d' % ('пробный запуск, ничего не записано; было бы создано документов' if self.dry_run
                             else 'документов создано', len(new))]
        numbers = [m.number for m in new if m.number]
        if numbers:
            parts.append('номера: %s' % (numbers[0] if len(numbers) == 1 else '%s … %s' % (numbers[0], numbers[-1])))
        remade = len(self.made) - len(new)
        if remade:
            parts.append('восстановлено пропавших файлов: %d' % remade)
        if self.kept:
            parts.append('уже выпущены ранее (без изменений): %d' % len(self.kept))
        if self.queued:
            parts.append('писем в очереди: %d' % self.queued)
        if self.delivery is not None:
            parts.append('отправка: %s' % self.delivery.summary())
        if self.problems:
            parts.append('не создано из-за ошибок: %d' % len(self.problems))
        return '; '.join(parts)


def output_root(operator_dir):
    return Path(operator_dir) / operator_folder.OUTPUT_DIR / OUTPUT


def client_folder(record):
    """«00017 ООО «Альфа»» (a prospect: «ИНН 7701234567 ООО «Бета»»)."""
    head = record.get('code') or 'ИНН %s' % (record.get('inn') or '')
    name = '%s %s' % (head, record.get('name') or '')
    return sanitize_filename(name.replace('/', '-').replace('\\', '-')[:120].rstrip(), 'клиент')


def file_stem(template, number, doc_date):
    text = template + (' № %s' % number if number else '') + ' от %s' % doc_date.strftime('%d.%m.%Y')
    return sanitize_filename(text.replace('/', '-'), 'документ')


def _who(record):
    who = ('%s %s' % (record.get('code') or '', record.get('name') or '')).strip()
    return who + (' (%s)' % record['source'] if record.get('source') else '')


def _utc_now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds')


def for_clients(operator_dir, template, *, codes=(), everyone=False, segment=None, manager=None, where=None,
                **options):
    """Make *template* for the register's clients chosen like ``b2bkit paper`` chooses them."""
    operator_dir = Path(operator_dir)
    settings = settings_mod.load(operator_dir)
    records, _ = clients_mod.load_clients(operator_dir, settings)
    chosen = clients_mod.select(records, codes=codes, everyone=everyone, segment=segment, manager=manager,
                                where=where)
    if not chosen:
        raise UserError('по заданному отбору в реестре нет ни одного клиента')
    return make(operator_dir, template, chosen, settings=settings, **options)


def proposal_for_prospect(operator_dir, prospect, *, template='КП', **options):
    """The hook for the pipeline register: a commercial proposal for a future client.

    *prospect*: ``{'name', 'inn', 'segment'}`` required; ``'kpp'``, ``'address'``,
    ``'contact'``, ``'manager'``, ``'emails'`` (a tuple, for *email*) optional.
    """
    prospect = dict(prospect)
    for key, label in (('name', 'наименование (--prospect-name)'), ('inn', 'ИНН (--inn)'),
                       ('segment', 'сегмент (--segment)')):
        if not (prospect.get(key) or '').strip():
            raise UserError('для коммерческого предложения нужно %s потенциального клиента' % label)
    from ..registers import values
    from ..registers.validate import inn_error
    inn = values.identifier(prospect['inn'])
    problem = inn_error(inn)
    if problem:
        raise UserError('ИНН «%s»: %s' % (prospect['inn'], problem))
    prospect['inn'] = inn
    segment = prospect['segment'].strip().lower()
    from ..registers.schema import SEGMENTS
    if segment not in SEGMENTS:
        raise UserError('сегмент «%s»: ожидается малый, средний или крупный' % prospect['segment'])
    prospect['segment'] = segment
    return make(operator_dir, template, [prospect], prospect=True, **options)


def make(operator_dir, template, records, *, request=None, **options):
    """Fill *template* for each of *records* (see the module docstring); returns a :class:`Result`."""
    return make_each(operator_dir, [(template, record, request) for record in records], **options)


def make_each(operator_dir, orders, *, settings=None, when=None, occasion='', email=False, pdf=True,
              prospect=False, out=None, dry_run=False):
    """Fill many templates at once: *orders* are ``(template, record, request)``; every PDF of a chunk
    comes from one LibreOffice launch. Returns a :class:`Result`. With *dry_run* nothing is written:
    the documents are filled (so empty requisites are found) and listed with the numbers they would get."""
    operator_dir = Path(operator_dir)
    settings = settings or settings_mod.load(operator_dir)
    when = when or settings.schedule.today()
    out = out or (lambda line: None)
    grid = tariffs.load(operator_dir)
    templates = catalogue.discover(operator_dir)
    result = Result()
    plan = []
    for template, record, request in orders:
        try:
            if template.strip().lower() in catalogue.FAMILIES:
                name = catalogue.resolve_family(template, record, templates)
            else:
                name = catalogue.find(template, templates).name
        except UserError as exc:
            if template.strip().lower() not in catalogue.FAMILIES:
                raise           # an unknown template name is the command's mistake, not the client's
            result.problems.append(str(exc))
            continue
        plan.append((record, templates[name], request))
    if dry_run:
        return _preview(operator_dir, settings, grid, plan, when, occasion, prospect, result, out)
    db = state.connect(operator_dir)
    try:
        for start in range(0, len(plan), CHUNK):
            _chunk(operator_dir, db, settings, grid, plan[start:start + CHUNK], when, occasion, email, pdf,
                   prospect, result, out)
        if result.queued:
            try:
                result.delivery = mail.deliver(operator_dir, settings, db)
            except UserError as exc:
                result.problems.append('почта не отправлена: %s' % exc)
    finally:
        db.close()
    return result


def _preview(operator_dir, settings, grid, plan, when, occasion, prospect, result, out):
    """The dry run of :func:`make_each`: read-only, no file, no number taken."""
    result.dry_run = True
    db = state.connect_readonly(operator_dir)
    numbers = {}
    try:
        for record, tpl, request in plan:
            code = record.get('code') or 'ИНН %s' % record.get('inn')
            who = _who(record)
            number = None
            if tpl.numbered:
                row = state.paper.found(db, tpl.name, code, occasion)
                if row is not None:
                    result.kept.append(Made(tpl.name, who, catalogue.number_text(row['series'], row['year'],
                                                                                  row['number']), [], new=False))
                    continue
                key = (tpl.series, when.year)
                numbers.setdefault(key, state.paper.peek(db, *key))
                number = catalogue.number_text(tpl.series, when.year, numbers[key])
            data = context.build(settings, grid, record, title=tpl.name, doc_date=when, number=number,
                                 request=request, prospect=prospect or not record.get('code'),
                                 service=tpl.service)
            try:
                render(tpl.path, tpl.name, data, who)
            except FieldMissing as exc:
                result.problems.append(str(exc))
                continue
            if number is not None:
                numbers[(tpl.series, when.year)] += 1
            result.made.append(Made(tpl.name, who, number, []))
            out('  %s %s: %s%s' % (record.get('code') or record.get('inn'), record.get('name'), tpl.name,
                                   ' № %s' % number if number else ''))
    finally:
        if db is not None:
            db.close()
    return result


def _chunk(operator_dir, db, settings, grid, plan, when, occasion, email, pdf, prospect, result, out):
    root = output_root(operator_dir)
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=str(root), prefix='.tmp-paper-'))
    written = []
    try:
        with state.transaction(db):
            staged = []
            for record, tpl, request in plan:
                item = _stage(operator_dir, db, settings, grid, record, tpl, when, occasion, request, prospect,
                              staging, len(staged), result)
                if item is not None:
                    staged.append(item)
            if pdf and staged:
                try:
                    with tempfile.TemporaryDirectory(prefix='b2bkit-lo-') as profile:
                        headless.convert([s['docx'] for s in staged], staging,
                                         headless.prepare_profile(profile), fmt='pdf',
                                         timeout=120 + 3 * len(staged))
                except headless.LibreOfficeError as exc:
                    raise UserError('не удалось сделать PDF через LibreOffice: %s; ни один документ этой партии '
                                    'не выпущен (номера не заняты); без PDF: --no-pdf' % exc)
            for s in staged:
                folder = root / client_folder(s['record'])
                stem = file_stem(s['template'], s['number'], s['date'])
                finals = []
                for suffix in ('.docx', '.pdf') if pdf else ('.docx',):
                    final = folder / (stem + suffix)
                    if not final.exists():      # a file made again (same name) is not ours to remove
                        written.append(final)
                    write_bytes(final, (staging / (Path(s['docx']).stem + suffix)).read_bytes())
                    finals.append(final)
                rel = [f.relative_to(operator_dir).as_posix() for f in finals]
                if s['doc_id'] is not None:
                    state.paper.set_files(db, s['doc_id'], rel)
                made = Made(s['template'], _who(s['record']), s['number'], finals, new=s['new'])
                result.made.append(made)
                short = ('%s %s' % (s['record'].get('code') or s['record'].get('inn'), s['record'].get('name'))).strip()
                out('  %s: %s%s → %s' % (short, s['template'],
                                         ' № %s' % s['number'] if s['number'] else '', rel[-1]))
                if email:
                    _queue(db, operator_dir, settings, s, finals[-1], result)
    except BaseException:
        remove_quietly(written)       # rolled back: the numbers are free again, so are the new names
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _stage(operator_dir, db, settings, grid, record, tpl, when, occasion, request, prospect, staging, index, result):
    """Fill one document into *staging*; ``None`` when kept as issued or skipped (a problem recorded)."""
    code = record.get('code') or 'ИНН %s' % record.get('inn')
    prospect = prospect or not record.get('code')      # a future client has no code yet
    who = _who(record)
    path = staging / ('%04d.docx' % index)
    base = {'record': record, 'template': tpl.name, 'docx': path, 'doc_id': None, 'number': None, 'date': when,
            'new': True}
    if not tpl.numbered:
        try:
            data = context.build(settings, grid, record, title=tpl.name, doc_date=when, request=request,
                                 prospect=prospect, service=tpl.service)
            write_bytes(path, render(tpl.path, tpl.name, data, who), sync=False)
        except FieldMissing as exc:
            result.problems.append(str(exc))
            return None
        return base
    row = state.paper.found(db, tpl.name, code, occasion)
    if row is not None:
        files = json.loads(row['files'])
        number = catalogue.number_text(row['series'], row['year'], row['number'])
        if files and all((Path(operator_dir) / f).exists() for f in files):
            result.kept.append(Made(tpl.name, who, number, files, new=False))
            return None
        # issued before, a file was deleted: the same fields, the same number, the same date
        write_bytes(path, render(tpl.path, tpl.name, json.loads(row['data']), who), sync=False)
        return dict(base, doc_id=row['id'], number=number, date=datetime.date.fromisoformat(row['doc_date']),
                    new=False)
    db.execute('SAVEPOINT paper_doc')
    try:
        issued = state.paper.issue(db, template=tpl.name, client_code=code, occasion=occasion, series=tpl.series,
                                   doc_date=when, data={}, now=_utc_now())
        number = catalogue.number_text(tpl.series, issued['year'], issued['number'])
        data = context.build(settings, grid, record, title=tpl.name, doc_date=when, number=number,
                             request=request, prospect=prospect, service=tpl.service)
        write_bytes(path, render(tpl.path, tpl.name, data, who), sync=False)
        state.paper.set_data(db, issued['id'], data)
    except FieldMissing as exc:
        db.execute('ROLLBACK TO paper_doc')
        db.execute('RELEASE paper_doc')
        result.problems.append(str(exc))
        return None
    except BaseException:
        db.execute('ROLLBACK TO paper_doc')
        db.execute('RELEASE paper_doc')
        raise
    db.execute('RELEASE paper_doc')
    return dict(base, doc_id=issued['id'], number=number)


def _queue(db, operator_dir, settings, s, attachment, result):
    record = s['record']
    recipients = list(record.get('emails') or ())
    who = _who(record)
    if not recipients:
        result.problems.append('%s: %s не отправлен — у клиента нет e-mail' % (who, s['template']))
        return
    title = s['template'] + (' № %s' % s['number'] if s['number'] else '')
    ctx = {'company': settings.company, 'client': record, 'title': title, 'date': s['date'].strftime('%d.%m.%Y')}
    key = '%s/%s/%s' % (record.get('code') or record.get('inn'), s['template'], s['number'] or s['date'].isoformat())
    try:
        env = template_environment(operator_dir, packages=('templates/paper',))
        rendered = mail.render(MAIL_TEMPLATE, ctx, operator_dir, env=env)
        msg = mail.enqueue(db, settings, job=JOB, key=key, recipients=recipients, subject=rendered.subject,
                           text=rendered.text, html=rendered.html, attachments=[attachment],
                           client_code=record.get('code') or None)
    except MessageError as exc:
        result.problems.append('%s: письмо с документом «%s» не поставлено в очередь: %s' % (who, title, exc))
        return
    if s['doc_id'] is not None:
        state.paper.set_message(db, s['doc_id'], msg['message_id'])
    if msg.get('created'):
        result.queued += 1
