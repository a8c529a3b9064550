"""Rendering the debtor notices: e-mail (subject, plain, HTML) and SMS texts.

Templates live in ``jobs/templates/debtors/`` (see its README). They are found
through the mail package's template environment, so the operator overrides any
of them exactly like the other mail templates — a file with the same name in
``Шаблоны/Письма/`` of the operator folder — and the HTML ones extend the shared
``_base.html``.
"""

import datetime

from addin.model import court, terms

from ..mail.message import render as render_message, render_template, template_environment

#: What the lawyer collects for a suit (SPEC 7.2, суд).
COURT_CHECKLIST = (
    'договор (копия, с приложениями и дополнительными соглашениями)',
    'акты оказанных услуг за неоплаченные периоды',
    'счета на оплату за неоплаченные периоды',
    'акт сверки взаимных расчётов (подписанный или направленный клиенту)',
    'претензия и доказательство её отправки (почтовая квитанция и опись вложения, '
    'отчёт о доставке e-mail)',
    'расчёт задолженности (во вложении) и расчёт процентов по ст. 395 ГК РФ',
    'выписка из ЕГРЮЛ/ЕГРИП на клиента и на нас; доверенность представителя',
    'платёжное поручение об уплате госпошлины',
)

_ENVS = {}


def environment(operator_dir=None):
    """Jinja2 environment: operator overrides → shipped mail templates → debtor templates."""
    key = str(operator_dir)
    if key not in _ENVS:
        _ENVS[key] = template_environment(operator_dir, packages=('templates/debtors',))
    return _ENVS[key]


def render(name, context, operator_dir=None):
    """Render message kind *name* (``debtors_claim`` …) → :class:`jobs.mail.Rendered`."""
    return render_message(name, context, env=environment(operator_dir))


def render_sms(name, context, operator_dir=None):
    """The SMS text of *name* (``debtors_reminder`` …) on one line, or ``None`` if it has none."""
    text = render_template(environment(operator_dir), name + '.sms.txt', context, required=False)
    return ' '.join(text.split()) if text is not None else None


def context(settings, client, account, lines=(), stage=None, claim_date=None):
    """The template context of one client's notice (see ``jobs/templates/debtors/README.md``)."""
    d = settings.dunning
    as_of = account.as_of
    lines = list(lines)
    claim_date = claim_date or as_of
    from .claim_pdfs import charge_interest
    interest_kind, _, interest_total = charge_interest(settings, lines, as_of)
    claimed = account.overdue_debt + (interest_total or 0)
    return dict(
        # the procedure by the whole sum claimed (долг + проценты), an ИП by its 12-digit ИНН
        procedure=court.procedure(claimed, as_of, entrepreneur=len(client.inn or '') == 12),
        claimed=claimed, court_min_fee=court.min_fee(as_of), addresses=client.letter_addresses,
        interest_kind=interest_kind, interest_total=interest_total,
        company=settings.company, client=client, account=account, debt=account.overdue_debt,
        balance=account.balance, days=account.days_overdue, as_of=as_of, episode=account.episode,
        stage_name=stage.name if stage is not None else '', suspension_days=d.suspension_days,
        suspension_date=as_of + datetime.timedelta(days=d.suspension_days), answer_days=d.answer_days,
        service_rules=settings.rules_of(client.service), resume_days=d.resume_days,
        # ч. 5 ст. 4 АПК, ст. 191, 193 ГК: the days after the sending day, the end moved to a working day
        answer_until=terms.claim_answer_until(as_of, d.answer_days, settings.calendar.is_working_day),
        disconnected=bool(client.disconnected and client.disconnected <= as_of),
        lines=lines, lines_total=sum((l.unpaid for l in lines), account.overdue_debt * 0),
        claim_date=claim_date,
        claim_answer_until=terms.claim_answer_until(claim_date, d.answer_days, settings.calendar.is_working_day),
        suit_from=terms.suit_earliest(claim_date, d.answer_days, settings.calendar.is_working_day),
        checklist=COURT_CHECKLIST)
