"""Rendering the debtor notices: e-mail (subject, plain, HTML) and SMS texts.

Templates live in ``jobs/templates/debtors/`` (see its README). They are found
through the mail package's template environment, so the operator overrides any
of them exactly like the other mail templates — a file with the same name in
``Шаблоны/Письма/`` of the operator folder — and the HTML ones extend the shared
``_base.html``.
"""

import datetime

from ..mail.message import TEMPLATES_DIR, MessageError, Rendered, check_header, template_environment

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
    import jinja2
    key = str(operator_dir)
    env = _ENVS.get(key)
    if env is None:
        env = template_environment(operator_dir)
        env.loader = jinja2.ChoiceLoader([env.loader, jinja2.PackageLoader('jobs', 'templates/debtors')])
        _ENVS[key] = env
    return env


def _one(env, filename, context, required=True):
    import jinja2
    try:
        return env.get_template(filename).render(**context)
    except jinja2.TemplateNotFound:
        if required:
            raise MessageError('нет шаблона «%s» (ни в папке %s, ни в поставке программы)'
                               % (filename, TEMPLATES_DIR))
        return None
    except jinja2.TemplateSyntaxError as exc:
        raise MessageError('шаблон «%s», строка %s: ошибка в шаблоне: %s'
                           % (exc.filename or filename, exc.lineno, exc.message))
    except jinja2.UndefinedError as exc:
        raise MessageError('шаблон «%s»: %s (в шаблоне используется значение, которого программа '
                           'не передаёт)' % (filename, exc.message))


def render(name, context, operator_dir=None):
    """Render message kind *name* (``debtors_claim`` …) → :class:`jobs.mail.Rendered`."""
    env = environment(operator_dir)
    subject = ' '.join(_one(env, name + '.subject.txt', context).split())
    check_header(subject, 'тема письма (шаблон «%s.subject.txt»)' % name)
    return Rendered(subject, _one(env, name + '.txt', context), _one(env, name + '.html', context, False))


def render_sms(name, context, operator_dir=None):
    """The SMS text of *name* (``debtors_reminder`` …) on one line, or ``None`` if it has none."""
    text = _one(environment(operator_dir), name + '.sms.txt', context, required=False)
    return ' '.join(text.split()) if text is not None else None


def context(settings, client, account, lines=(), stage=None, claim_date=None):
    """The template context of one client's notice (see ``jobs/templates/debtors/README.md``)."""
    d = settings.dunning
    as_of = account.as_of
    lines = list(lines)
    claim_date = claim_date or as_of
    return dict(
        company=settings.company, client=client, account=account, debt=account.overdue_debt,
        balance=account.balance, days=account.days_overdue, as_of=as_of, episode=account.episode,
        stage_name=stage.name if stage is not None else '', suspension_days=d.suspension_days,
        suspension_date=as_of + datetime.timedelta(days=d.suspension_days), answer_days=d.answer_days,
        answer_until=as_of + datetime.timedelta(days=d.answer_days),
        disconnected=bool(client.disconnected and client.disconnected <= as_of),
        lines=lines, lines_total=sum((l.unpaid for l in lines), account.overdue_debt * 0),
        claim_date=claim_date, claim_answer_until=claim_date + datetime.timedelta(days=d.answer_days),
        checklist=COURT_CHECKLIST)
