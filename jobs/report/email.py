"""The owner's e-mail: key figures of the report month and their change.

Templates ``report.subject.txt``, ``report.txt`` and ``report.html`` live in
``jobs/templates/report/``; they are rendered with the mail templates'
environment (:func:`jobs.mail.message.template_environment`: the same filters,
autoescaping, and the operator's folder ``Шаблоны/Письма`` first), so the
operator overrides them by putting a file of the same name there, and they can
extend the mail building blocks (``_base.html``, ``_signature.txt``).

The comparison is computed here, not in the template: each key figure comes
with its previous-month value, the change as text, an arrow (▲ up, ▼ down,
none when unchanged) and a colour — green when the change is good for the business,
red when it is bad (more churn or more overdue debt is bad), grey when there is
nothing to compare. Colours are inline styles on table cells and spans: the
one styling every common mail client (Outlook, Gmail, Яндекс, Mail.ru) keeps.
"""

from dataclasses import dataclass
from decimal import Decimal

from .. import textfmt
from ..mail.message import render as render_message, template_environment
from ..ledger import figures

GOOD = '#1E7B34'
BAD = '#C00000'
NEUTRAL = '#666666'
ARROW_UP, ARROW_DOWN = '▲', '▼'
TEMPLATE = 'report'


@dataclass(frozen=True)
class KeyFigure:
    """One line of the summary; texts are ready to show, raw values are for overrides."""
    label: str
    value: object           # Decimal | int | None
    previous: object
    text: str               # «2 552 661,61 ₽»
    previous_text: str
    change_text: str        # «+152 495,90 ₽», «+1,2 п. п.», «—»
    arrow: str              # ▲ ▼, or '' (unchanged / nothing to compare)
    color: str              # inline CSS colour of the change
    good_when_up: object    # True / False / None (neutral)


def _fmt(kind, value):
    if value is None:
        return '—'
    if kind == 'money':
        return textfmt.money(value)
    if kind == 'share':
        return textfmt.number(Decimal(value) * 100, 1) + ' %'
    return textfmt.number(value)


def _change(kind, value, previous):
    if value is None or previous is None:
        return None, '—'
    diff = Decimal(value) - Decimal(previous)
    if kind == 'share':
        diff = diff * 100
        text = textfmt.number(abs(diff), 1) + ' п. п.'
    elif kind == 'money':
        text = textfmt.money(abs(diff))
    else:
        text = textfmt.number(abs(diff))
    if diff == 0:
        return diff, 'без изменений'
    return diff, ('+' if diff > 0 else '−') + text


def key_figures(report):
    """The key figures of the report month against the previous month."""
    t = report.total
    m, p = figures.WINDOW - 1, figures.WINDOW - 2
    rows = [
        ('Активных клиентов на конец месяца', 'int', t.end[m], t.end[p], True),
        ('Новых подключений', 'int', t.new[m], t.new[p], True),
        ('Отключено', 'int', t.churned[m], t.churned[p], False),
        ('Отток', 'share', t.churn(m), t.churn(p), False),
        ('MRR (выручка за месяц)', 'money', t.mrr[m], t.mrr[p], True),
        ('ARPU (на клиента)', 'money', t.arpu(m), t.arpu(p), True),
        ('Начислено', 'money', t.billed[m], t.billed[p], None),
        ('Оплачено', 'money', t.paid[m], t.paid[p], True),
        ('Собираемость', 'share', t.collection(m), t.collection(p), True),
        ('Просроченная задолженность', 'money', t.overdue_total(m), t.overdue_total(p), False),
        ('Должников (договоров)', 'int', t.debtors[m], t.debtors[p], False),
    ]
    out = []
    for label, kind, value, previous, good_up in rows:
        diff, change = _change(kind, value, previous)
        if diff is None or diff == 0:
            arrow, color = '', NEUTRAL
        else:
            arrow = ARROW_UP if diff > 0 else ARROW_DOWN
            color = NEUTRAL if good_up is None else (GOOD if (diff > 0) == good_up else BAD)
        out.append(KeyFigure(label, value, previous, _fmt(kind, value), _fmt(kind, previous), change,
                             arrow, color, good_up))
    return out


def context(report, settings, attachment_name, problems=0):
    """The template context (documented in ``jobs/templates/report/README.md``)."""
    last = report.month_index
    t = report.total
    m = figures.WINDOW - 1
    buckets = [(label + ' дн.', textfmt.money(t.overdue[m][i])) for i, label in enumerate(figures.BUCKETS)]
    return {
        'company': settings.company,
        'month': report.month,
        'month_name': figures.month_name(last),
        'previous_month_name': figures.month_name(last - 1),
        'month_end': report.month_ends[-1],
        'figures': key_figures(report),
        'buckets': buckets,
        'overdue_total': textfmt.money(t.overdue_total(m)),
        'top_debtors': report.top_debtors[:5],
        'debtors_count': report.debtors_count,
        'attachment_name': attachment_name,
        'problems': problems,
        'report': report,
    }


def render(report, settings, attachment_name, operator_dir=None, problems=0):
    """Subject, plain text and HTML of the owner's e-mail → :class:`jobs.mail.Rendered`."""
    # the report's own templates after the mail ones: operator overrides still win
    env = template_environment(operator_dir, packages=('templates/report',))
    return render_message(TEMPLATE, context(report, settings, attachment_name, problems), env=env)
