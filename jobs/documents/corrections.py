"""Исправленный счёт-фактура / УПД: the same number with an исправление number (ПП РФ № 1137, п. 7 Правил
заполнения счёта-фактуры: corrections are made by issuing a new copy with line 1а filled in).

``correct(operator_dir, client_code, period, when)`` — what ``b2bkit documents --correct КОД
--period ГГГГ-ММ`` runs after the register or the requisites were fixed: the recorded УПД or
счёт-фактура of the client for the month is built again from today's data, with its original number
and date and «Исправление № N от <when>»; when the new copy prints the same as the last one there is
nothing to correct (a Russian :class:`UserError`). In one transaction the исправление is recorded
(``document_corrections``), its PDF written into ``Выгрузка/Документы/<month of when>/``, its ЭДО
XML into ``Выгрузка/ЭДО/<month>/`` (an ``ИспрДок`` element) and one letter queued; the mail is
delivered and the книга продаж of the document's month written again.

A change of the price or the quantity agreed after the service (a discount, a recalculation) is not
an исправление but a корректировочный счёт-фактура, which the kit does not make.
"""

import datetime
import json
from pathlib import Path

from .. import mail, requisites, settings as settings_mod, state
from ..errors import MailNotSent, UserError
from ..files import remove_quietly, write_bytes
from ..registers.reader import read_register
from ..textfmt import date_ru, money
from . import content, sales_book, types
from .job import JOB, MAIL_TEMPLATE, Case, edo_dir, file_name, month_dir

#: What a correction compares: everything printed that comes from the register or the settings.
COMPARED = ('supplier', 'buyer', 'contract', 'lines', 'vat', 'total', 'vat_total', 'net_total', 'status')


def _utc_now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds')


def correct(operator_dir, client_code, period, when=None, *, environ=None, mail_options=None):
    """Issue the next исправление of the client's УПД / счёт-фактура for *period*; the Russian summary."""
    folder = Path(operator_dir)
    settings = settings_mod.load(folder)
    when = when or settings.schedule.today()
    requisites.require(settings, 'исправление не выпущено', folder)
    db = state.connect(folder)
    try:
        kinds = [t.code for t in types.ALL if t.vat_invoice and t.code != 'advance_invoice']
        original = state.documents.find_corrected(db, kinds, client_code, period)
        if original is None:
            raise UserError('у клиента %s нет УПД или счёта-фактуры за %s — исправлять нечего'
                            % (client_code, content.month_text(period)))
        reg = read_register(folder, settings, state_db=db)
        client = reg.clients.get(client_code)
        if client is None:
            raise UserError('клиента %s нет в реестре (или его строка с ошибкой — см. «b2bkit check»)' % client_code)
        t = types.BY_CODE[original['doc_type']]
        last = state.documents.latest_correction(db, original['id'])
        before = json.loads(last['data'] if last is not None else original['data'])
        fresh = t.build(Case(settings, reg, when, db), client, period)
        if fresh is None:
            raise UserError('за %s у клиента %s сейчас нет начислений — исправлением это не оформить '
                            '(нужен корректировочный счёт-фактура)' % (content.month_text(period), client_code))
        fresh['date'] = before['date']                   # the same document: its number and date stay
        fresh['shipment'] = before.get('shipment')
        fresh['formed'] = when.isoformat()
        if all(fresh.get(k) == before.get(k) for k in COMPARED):
            raise UserError('%s: данные не изменились — исправлять нечего'
                            % t.heading(original['number'], datetime.date.fromisoformat(original['doc_date'])))
        batch = content.month_key(when.year, when.month)
        written = []

        def data_for(n):
            return dict(fresh, correction={'number': n, 'date': when.isoformat()})
        try:
            with state.transaction(db):
                cid, n, data = state.documents.record_correction(
                    db, document_id=original['id'], doc_date=when, batch=batch, data_for=data_for, now=_utc_now())
                doc_date = datetime.date.fromisoformat(original['doc_date'])
                name = file_name(t, original['number'], doc_date, client_code, client.name)
                path = month_dir(folder, batch) / name.replace('.pdf', ' (исправление № %d).pdf' % n)
                write_bytes(path, t.render(data, original['number']))
                written.append(path)
                if t.edo is not None and settings.documents.edo:
                    made = t.edo(data, original['number'])
                    if made is not None:
                        xml = edo_dir(folder, batch) / (made[0] + '.xml')
                        write_bytes(xml, made[1])
                        written.append(xml)
                heading = '%s, исправление № %d от %s' % (t.heading(original['number'], doc_date), n, date_ru(when))
                context = {'company': settings.company, 'client': client, 'month': content.month_text(period),
                           'batch': batch, 'closing': True, 'act_month': content.month_text(period),
                           'documents': [{'title': heading, 'type': t.code, 'amount': t.amount(data),
                                          'period': period}]}
                rendered = mail.render(MAIL_TEMPLATE, context, folder)
                msg = mail.enqueue(db, settings, job=JOB, key='%s/correction/%s-%d-%d-%d' % (
                    client_code, t.code, original['year'], original['number'], n), recipients=list(client.emails),
                    subject=rendered.subject, text=rendered.text, html=rendered.html,
                    attachments=[(path, path.name)], client_code=client_code)
                state.documents.set_correction_file(db, cid, path.relative_to(folder).as_posix(), msg['message_id'])
        except BaseException:
            remove_quietly(written)
            raise
        parts = ['%s (%s)' % (heading, money(t.amount(data)))]
        try:
            delivery = mail.deliver(folder, settings, db, environ=environ, **dict(mail_options or {}))
            parts.append('отправка: %s' % delivery.summary())
        except UserError as exc:
            raise MailNotSent('; '.join(parts + ['почта не отправлена: %s' % exc]))
        for book in sales_book.write_for_batch(month_dir(folder, batch), db, batch):
            parts.append('книга продаж: %s' % book)
        return '; '.join(parts)
    finally:
        db.close()
