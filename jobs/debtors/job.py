"""The debtors job (работа с должниками): one run = aging → ladder → notices → SMS CSV → report.

``run_job(operator_dir, when, dry_run=False)`` is what the scheduler calls
(``jobs.scheduler.JOBS['debtors']``) and what ``b2bkit debtors`` runs.

A run, in order:

1. settings and the register are read; a file-level problem stops the run
   before anything is sent (:class:`~jobs.errors.UserError`);
2. every client's account as of *when* (:mod:`jobs.ledger.accounts`) and the ladder's
   decision (:mod:`.ladder`, stages from :mod:`.stages`) against the ``notices`` table;
3. only on a working day inside ``[schedule] send_window`` (operator's time
   zone, the moment of the run): for each debtor, inside one transaction —
   the balance re-checked from fresh data (the register re-read if a file
   changed since the start of the run, the client's bank payments re-read from
   the state database, which an import cannot change while we hold the write
   lock), the decision taken again on that, the texts rendered, the claim PDF
   written, the ``notices`` rows (sent and skipped) and the outbox messages
   written together. A crash leaves either both or neither;
4. the day's SMS CSV rebuilt from the ``notices`` table (so a rerun or a crash
   never loses or doubles a line), the «Отчет по должникам» workbook written and
   queued for the accountant once per day, and the outbox delivered.

Outside the window or on a day off nothing is queued and the summary says why
(the report file is still written). A dry run reads the state database
read-only, writes no file and no row, and prints what would be sent to whom
and why.
"""

import datetime
from collections import Counter
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from .. import requisites, settings as settings_mod, state
from ..errors import MailNotSent, UserError
from ..folder_names import CHECK_REPORT, DEBTORS_DIR, OUTPUT_DIR, SMS_DIR
from ..ledger import accounts as ledger, terms
from ..registers.reader import SOURCE_BANK, SOURCE_REGISTER, Charge, Payment, read_register
from ..textfmt import date_ru, money
from . import debtors_workbook, ladder, sms, stages as stages_mod, unposted

JOB = 'debtors'


def output_dir(operator_dir):
    # not created here: every file goes through jobs.files, which creates its folder
    return Path(operator_dir) / OUTPUT_DIR / DEBTORS_DIR


def report_path(operator_dir, as_of):
    return output_dir(operator_dir) / ('Отчет по должникам %s.xlsx' % as_of.isoformat())


def sms_path(operator_dir, as_of):
    return output_dir(operator_dir) / SMS_DIR / ('SMS должникам %s.csv' % as_of.isoformat())


def message_key(code, episode, stage):
    return '%s/%s/%s' % (code, episode.isoformat(), stage)


def send_allowed(settings, now_local):
    """``(allowed, reason)``: a working day and inside the send window, at *now_local*."""
    start, end = settings.schedule.send_window
    day = now_local.date()
    if not settings.calendar.is_working_day(day):
        return False, '%s — нерабочий день по производственному календарю (с днями из [calendar] настроек); уведомления должникам не отправляются' \
            % date_ru(day)
    t = now_local.time().replace(tzinfo=None)
    if not start <= t < end:
        return False, 'сейчас %s — вне окна отправки %s–%s ([schedule] send_window); уведомления должникам ' \
                      'не отправляются' % (t.strftime('%H:%M'), start.strftime('%H:%M'), end.strftime('%H:%M'))
    return True, ''


class _Data:
    """The register as the job uses it: grouped by client, re-readable when a file changes."""

    def __init__(self, operator_dir, settings, db):
        self.dir, self.settings, self.db = operator_dir, settings, db
        self.load()

    def load(self):
        self.reg = read_register(self.dir, self.settings, state_db=self.db, purposes=False)
        self.stamps = self._stamps()
        b = self.settings.billing
        clients = self.reg.clients.values()
        self.book = ledger.Book(self.reg.clients, [terms.of_client(c, b.payment_days, b.pay_by_day) for c in clients],
                                self.reg.charge_frame, self.reg.payment_frame, self.settings.calendar.is_working_day)

    def charges(self, code):
        """*code*'s charges as register rows, date order."""
        return self.book.charge_rows(code, lambda period, amount, day: Charge(code, period, '', amount, day))

    def payments(self, code):
        """*code*'s payments as register rows (the register's and the bank's as read), date order."""
        i = self.book.index[code]
        rows = self.reg.payment_frame.iloc[self.book.p_row[self.book.p_start[i]:self.book.p_start[i + 1]]]
        return [Payment(code, d, ledger.rubles(k), doc, purpose, source) for d, k, doc, purpose, source in zip(
            rows['date'].dt.date, rows['amount'], rows['document'].str.strip(), rows['purpose'].str.strip(),
            rows['source'])]

    def _stamps(self):
        out = {}
        for f in self.reg.files:
            try:
                st = Path(f).stat()
                out[f] = (st.st_mtime_ns, st.st_size)
            except OSError:
                out[f] = None
        return out

    def changed(self):
        return self._stamps() != self.stamps

    def fresh_payments(self, code):
        """*code*'s payments: the register's as read plus its bank payments as they are *now* in the database."""
        typed = [p for p in self.payments(code) if p.source == SOURCE_REGISTER]
        if self.db is None:
            return typed
        seen = {(p.amount, p.document): p.date for p in typed if p.document}
        out = list(typed)
        for r in state.bank.of_client(self.db, code):
            amount = Decimal(r['amount'])
            received = datetime.date.fromisoformat(r['received'])
            doc_date = datetime.date.fromisoformat(r['doc_date'])
            if seen.get((amount, r['doc_number'])) in (received, doc_date):
                continue   # also typed into «Оплаты»: counted once, as the reader does
            out.append(Payment(code, received, amount, r['doc_number'], r['purpose'] or '', SOURCE_BANK))
        return out


class Run:
    """One run of the job; see the module docstring. Attributes hold what happened (for tests)."""

    def __init__(self, operator_dir, when=None, dry_run=False, now=None, out=None, environ=None,
                 mail_options=None):
        self.dir = Path(operator_dir)
        self.settings = settings_mod.load(self.dir)
        tz = ZoneInfo(self.settings.schedule.timezone)
        now = now or datetime.datetime.now(datetime.timezone.utc)
        if now.tzinfo is None:
            now = now.replace(tzinfo=tz)
        self.now_local = now.astimezone(tz)
        self.as_of = when or self.now_local.date()
        self.dry_run = dry_run
        self.out = out or print
        self.environ, self.mail_options = environ, mail_options or {}
        d = self.settings.dunning
        self.stages = stages_mod.from_settings(d)
        self.min_debt = d.min_debt
        self.sent = []          # [(code, stage, recipients)]
        self.skipped = []       # [(code, stage)]
        self.held = []          # [Decision]
        self.unposted = []      # [Decision] held because an unposted bank payment may be theirs
        self.changed = []       # [(code, Russian reason)] — decision changed at the re-check
        self.problems = []      # [Russian line]
        self.data = None
        self.report_file = None
        self.sms_file = None
        self.sms_count = 0
        self.delivery = None

    # --- computation -------------------------------------------------------------------

    def account(self, code, payments=None):
        t = self.data.book.terms[self.data.book.index[code]]
        return ledger.account(code, self.data.charges(code), self.data.payments(code) if payments is None else payments,
                              self.as_of, t.days, self.min_debt, self.stages, t.pay_by_day,
                              self.settings.calendar.is_working_day)

    def compute(self):
        self.accounts = self.data.book.accounts(self.as_of, self.min_debt, self.stages)
        in_debt = {(a.code, a.episode.isoformat()) for a in self.accounts.values() if a.episode}
        self.recorded = state.notices.by_episode(self.db, in_debt)
        self.decisions = []
        for a in self.accounts.values():
            if a.episode is None:
                continue
            rec = self.recorded.get((a.code, a.episode.isoformat()), {})
            d = ladder.decide(a, self.data.reg.clients[a.code], rec, self.stages)
            if d is not None:
                self.decisions.append(d)
                if d.held_until is not None:
                    self.held.append(d)
        # money that may be a debtor's but is not posted yet: that debtor gets nothing today (charges
        # looked at only when there is such money)
        owners = {} if not self.data.reg.unmatched_bank else unposted.possible_owners(
            self.data.reg.unmatched_bank, self.data.reg.clients,
            {d.code: d.account.overdue_debt for d in self.decisions if d.held_until is None},
            {d.code: [c.amount for c in self.data.charges(d.code)] for d in self.decisions})
        for d in self.decisions:
            if d.code in owners and d.held_until is None:
                d.unposted = owners[d.code]
                self.unposted.append(d)

    # --- the run -----------------------------------------------------------------------

    def run(self):
        # notices carry the company's name and payment requisites: never send them unfilled or wrong
        requisites.require(self.settings, 'уведомления должникам не отправлены', self.dir)
        self.db = state.connect_readonly(self.dir) if self.dry_run else state.connect(self.dir)
        try:
            self.data = _Data(self.dir, self.settings, self.db)
            self.compute()
            allowed, why = send_allowed(self.settings, self.now_local)
            if self.dry_run:
                return self.print_plan(allowed, why)
            from .. import mail     # mail and the templates only when sending: a dry run does not load them
            if allowed:
                for d in self.decisions:
                    if d.held_until is None and not d.unposted:
                        self.notify(d)
                self.write_sms()
            self.write_report(queue=allowed)
            if allowed:
                try:
                    self.delivery = mail.deliver(self.dir, self.settings, self.db, environ=self.environ,
                                                 **self.mail_options)
                except UserError as exc:
                    self.problems.append('почта не отправлена: %s' % exc)
                    raise MailNotSent(self.summary(allowed, why))
            return self.summary(allowed, why)
        finally:
            if self.db is not None:
                self.db.close()

    def recipients(self, stage, client):
        if stage.internal:
            m = self.settings.mail
            return list(m.lawyer or m.accountant)
        return list(client.emails)

    def notify(self, decision):
        """Re-check and record/queue one debtor's notices atomically."""
        from ..mail.message import MessageError
        code = decision.code
        client = self.data.reg.clients.get(code)
        try:
            with state.transaction(self.db):
                if self.data.changed():
                    self.data.load()   # someone saved the register meanwhile: decide on what it says now
                client = self.data.reg.clients.get(code)
                if client is None:
                    self.changed.append((code, 'клиента больше нет в реестре'))
                    return
                payments = self.data.fresh_payments(code)
                a = self.account(code, payments)
                if a.episode is None:
                    self.changed.append((code, 'долг погашен до отправки (%s)' % money(a.overdue_debt)))
                    return
                rec = state.notices.stages_of(self.db, code, a.episode.isoformat())
                d = ladder.decide(a, client, rec, self.stages)
                if d is None or d.held_until is not None:
                    if decision.send:
                        self.changed.append((code, 'после повторной проверки долга уведомлять не нужно'))
                    return
                if [s.code for s in d.send] != [s.code for s in decision.send]:
                    self.changed.append((code, 'после повторной проверки: %s вместо %s' % (
                        ', '.join(s.name for s in d.send), ', '.join(s.name for s in decision.send))))
                self._record(client, a, d, payments)
        except MessageError as exc:
            self.problems.append('клиент %s (%s): уведомление не поставлено в очередь: %s'
                                 % (code, client.name if client else '', exc))

    def _record(self, client, a, d, payments):
        from .. import mail
        from ..mail.message import sanitize_filename
        from . import texts
        stamp = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds')
        episode = a.episode.isoformat()
        facts = dict(as_of=self.as_of.isoformat(), debt=a.overdue_debt, days_overdue=a.days_overdue,
                     created_at=stamp)
        for s in d.skip:
            state.notices.record(self.db, a.code, episode, s.code, 'skipped', **facts)
            self.skipped.append((a.code, s.code))
        lines = None
        for s in list(d.send):
            if not self.recipients(s, client):
                # no lawyer/accountant address: the client's own notice must not wait for it
                self.problems.append('клиент %s (%s): стадия «%s» не передана — не указан адрес юриста или '
                                     'бухгалтера ([mail] lawyer / accountant)' % (a.code, client.name, s.name))
                d.send.remove(s)
        for s in d.send:
            if s.attachments and lines is None:
                lines, _ = ledger.calculation(self.data.charges(a.code), payments, self.as_of, a.payment_days,
                                              a.pay_by_day, self.settings.calendar.is_working_day)
            claimed = state.notices.sent_on(self.db, a.code, episode, stages_mod.CLAIM)
            claim_date = datetime.date.fromisoformat(claimed) if claimed else self.as_of
            ctx = texts.context(self.settings, client, a, lines or (), s, claim_date)
            r = texts.render(s.template, ctx, self.dir)
            attachments = []
            for att in s.attachments:
                names = dict(code=a.code, as_of=self.as_of.isoformat(), contract=client.contract)
                path = output_dir(self.dir) / att.folder / sanitize_filename(att.file.format(**names))
                att.write(path, self.settings, client, a, lines)
                attachments.append((path, att.name.format(**names)))
            to = self.recipients(s, client)
            row = mail.enqueue(self.db, self.settings, job=JOB, key=message_key(a.code, a.episode, s.code),
                               recipients=to, subject=r.subject, text=r.text, html=r.html,
                               attachments=attachments, client_code=a.code)
            phone = text = None
            if s.sms:
                text = texts.render_sms(s.template, ctx, self.dir)
                phone = sms.normalise_phone(client.phone) if text else None
                if text and not phone:
                    self.problems.append('клиент %s (%s): нет телефона для SMS (%s)'
                                         % (a.code, client.name, s.name))
                    text = None
            state.notices.record(self.db, a.code, episode, s.code, 'sent', message_id=row['message_id'],
                                 recipients=to, sms_phone=phone, sms_text=text, **facts)
            self.sent.append((a.code, s.code, to))

    # --- outputs -------------------------------------------------------------------------

    def write_sms(self):
        rows = state.notices.sms_of_day(self.db, self.as_of.isoformat())
        if rows:
            self.sms_file = sms.write_csv(sms_path(self.dir, self.as_of), rows)
            self.sms_count = len(rows)

    def write_report(self, queue):
        from .. import mail
        from . import texts
        path = report_path(self.dir, self.as_of)
        key = 'report/%s' % self.as_of.isoformat()
        pending = state.messages.queued(self.db, JOB, key)
        if pending is not None and pending[0] != 'sent':
            self.problems.append('отчёт за %s уже ждёт отправки в очереди — файл не перезаписан'
                                 % date_ru(self.as_of))
            return
        data = debtors_workbook.ReportData(
            as_of=self.as_of, company=self.settings.company, clients=self.data.reg.clients,
            accounts=self.accounts, last=state.notices.last_sent(self.db),
            held={d.code: d.held_until for d in self.held},
            sent={s.code: state.notices.sent(self.db, s.code) for s in self.stages if s.report_sheet or s.by_post},
            posts=state.notices.posts(self.db),
            recorded=state.notices.by_episode(self.db), min_debt=self.min_debt, stages=self.stages,
            answer_days=self.settings.dunning.answer_days, is_working_day=self.settings.calendar.is_working_day)
        try:
            debtors_workbook.write(path, data)
        except UserError as exc:
            self.problems.append('отчёт не записан: %s' % exc)
            return
        self.report_file = path
        self.report_stats = data.stats()
        accountant = list(self.settings.mail.accountant)
        if not queue or pending is not None or not accountant:
            return
        st = self.report_stats
        ctx = dict(company=self.settings.company, as_of=self.as_of, debtors=st['debtors'], total=st['total'],
                   below=st['below'], below_total=st['below_total'], min_debt=self.min_debt,
                   sent=len(self.sent), by_stage=self._by_stage(), court=len(data.sent.get('court', ())),
                   by_post=sum(1 for s in self.stages if s.by_post for r in data.sent.get(s.code, ())
                               if r[2] == self.as_of.isoformat()),
                   held=len(self.held), excluded=self.excluded_rows(), check_report='%s/%s' % (OUTPUT_DIR, CHECK_REPORT),
                   sms=self.sms_count,
                   sms_file=self.sms_file.name if self.sms_file else '')
        r = texts.render('debtors_report', ctx, self.dir)
        with state.transaction(self.db):
            mail.enqueue(self.db, self.settings, job=JOB, key=key, recipients=accountant, subject=r.subject,
                         text=r.text, html=r.html, attachments=[path])

    def excluded_rows(self):
        """Register rows with an error (their clients are not dunned): counted once per row."""
        return len({(p.file, p.sheet, p.row) for p in self.data.reg.problems}) if self.data is not None else 0

    def _by_stage(self):
        c = Counter(stage for _, stage, _ in self.sent)
        return ', '.join('%s %d' % (s.name, c[s.code]) for s in self.stages if c[s.code])

    def summary(self, allowed, why):
        debtors = [a for a in self.accounts.values() if debtors_workbook.is_debtor(a)]
        below = [a for a in self.accounts.values() if a.is_debtor and not debtors_workbook.is_debtor(a)]
        total = sum((a.overdue_debt for a in debtors), ledger.ZERO)
        parts = ['Должники на %s: %d (просрочено %s)' % (date_ru(self.as_of), len(debtors), money(total))]
        if below:
            # the same split as the report's «Должники» and «Ниже порога» sheets
            parts.append('кроме того, меньше порога %s: %d (%s)' % (
                money(self.min_debt), len(below), money(sum((a.overdue_debt for a in below), ledger.ZERO))))
        if not allowed:
            parts.append('ничего не отправлено: ' + why)
        else:
            parts.append('уведомлений отправлено: %d%s' % (
                len(self.sent), ' (%s)' % self._by_stage() if self.sent else ''))
            if self.skipped:
                parts.append('пропущено стадий: %d' % len(self.skipped))
        if self.held:
            parts.append('отложено по «не напоминать до»: %d' % len(self.held))
        if self.unposted:
            parts.append('не напоминаем, пока не разнесены оплаты из выписки, которые могут быть их: %d (%s)'
                         % (len(self.unposted), ', '.join(d.code for d in self.unposted)))
        if self.changed:
            parts.append('изменилось при повторной проверке: %d' % len(self.changed))
        if self.sms_file:
            parts.append('SMS: %s' % self.sms_file.name)
        if self.report_file:
            parts.append('отчёт: %s' % self.report_file.name)
        excluded = self.excluded_rows()
        if excluded:
            # a debtor whose row has an error is not dunned: the accountant must hear of it
            parts.append('строк реестра с ошибками (не учтены, такие клиенты не получат уведомлений): %d — '
                         'список: «b2bkit check», файл %s/%s' % (excluded, OUTPUT_DIR, CHECK_REPORT))
        if self.problems:
            parts.append('внимание: ' + '; '.join(self.problems))
        if self.delivery is not None:
            parts.append(self.delivery.summary())
        return '; '.join(parts)

    def print_plan(self, allowed, why):
        """Dry run: what would be sent to whom and why; nothing is written."""
        say = self.out
        say('Пробный запуск (ничего не отправляется и не записывается). Дата расчёта: %s.' % date_ru(self.as_of))
        if not allowed:
            say('Внимание: ' + why + ' — при обычном запуске сейчас ничего не было бы отправлено.')
        clients = self.data.reg.clients
        count = Counter()
        for d in sorted(self.decisions, key=lambda d: (-d.account.days_overdue, d.code)):
            c, a = clients[d.code], d.account
            head = '%s %s (договор № %s): долг %s, просрочка %d дн.' % (
                d.code, c.name, c.contract, money(a.overdue_debt), a.days_overdue)
            if d.held_until is not None:
                say('  НЕ ОТПРАВЛЯЕТСЯ: %s — не напоминать до %s' % (head, date_ru(d.held_until)))
                continue
            if d.unposted:
                say('  НЕ ОТПРАВЛЯЕТСЯ: %s — возможно, уже оплатил: %s; разнесите оплату в «Оплаты»'
                    % (head, '; '.join(unposted.describe(p) for p in d.unposted)))
                continue
            say('  ' + head)
            for s in d.send:
                to = self.recipients(s, c)
                what = ''.join(' + ' + att.what for att in s.attachments)
                phone = sms.normalise_phone(c.phone) if s.sms else None
                say('    → %s: e-mail %s%s%s' % (s.name, ', '.join(to) or '(нет адреса)', what,
                                               '; SMS %s' % phone if phone else ''))
                count[s.code] += 1
            say('    почему: ' + d.reason)
        total = sum(count.values())
        by = ', '.join('%s %d' % (s.name, count[s.code]) for s in self.stages if count[s.code])
        summary = 'Пробный запуск на %s: было бы отправлено %d%s; отложено по «не напоминать до»: %d' % (
            date_ru(self.as_of), total, ' (%s)' % by if by else '', len(self.held))
        if self.unposted:
            summary += '; не напоминаем из-за неразнесённых оплат: %d' % len(self.unposted)
        say(summary)
        return summary


def run_job(operator_dir, when=None, dry_run=False, *, now=None, out=None, environ=None, mail_options=None):
    """Run the debtors job for *operator_dir* as of *when* (default: today in the operator's time zone).

    Returns the Russian summary. *now* (aware datetime) replaces the clock — the
    send-window check uses it; *out* receives the dry run's lines (default: print);
    *environ* / *mail_options* go to :func:`jobs.mail.deliver`.
    """
    return Run(operator_dir, when, dry_run, now, out, environ, mail_options).run()
