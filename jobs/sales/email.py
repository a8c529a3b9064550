"""The owner's e-mail of the weekly sales report: per-manager figures, stuck deals, lost deals.

Templates ``sales.subject.txt``, ``sales.txt`` and ``sales.html`` live in
``jobs/templates/sales/``; they are rendered with the mail templates' environment
(:func:`jobs.mail.message.template_environment`), so the operator overrides them by
putting a file of the same name into ``Шаблоны/Письма``. Every figure is formatted
here (Russian numbers, money, percents), the templates only place them.
"""

from decimal import Decimal

from .. import textfmt
from ..mail.message import render as render_message, template_environment
from . import figures as fig

TEMPLATE = 'sales'
GOOD, BAD, NEUTRAL = '#1E7B34', '#C00000', '#666666'


def _int(v):
    return '—' if v is None else textfmt.number(v)


def _share(v):
    return '—' if v is None else textfmt.number(Decimal(v) * 100, 1) + ' %'


def _dec(v):
    return '—' if v is None else textfmt.number(v, 1)


def _money_kopecks(v):
    return '—' if v is None else textfmt.money(Decimal(int(v)) / 100)


def manager_lines(f):
    """One dict of display texts per manager (the total last)."""
    out = []
    for name, r in f.managers.to_dict('index').items():
        done = r['forecast_done']
        color = NEUTRAL if done is None else (GOOD if done >= 1 else BAD)
        out.append({
            'name': name, 'total': name == fig.TOTAL,
            'week': '%s / %s / %s / %s' % (_int(r['week_calls']), _int(r['week_meetings_held']),
                                           _int(r['week_contracts']), _int(r['week_connections'])),
            'month': '%s / %s / %s / %s' % (_int(r['month_calls']), _int(r['month_meetings_held']),
                                            _int(r['month_contracts']), _int(r['month_connections'])),
            'week_calls': _int(r['week_calls']), 'week_meetings': _int(r['week_meetings_held']),
            'week_contracts': _int(r['week_contracts']), 'week_connections': _int(r['week_connections']),
            'month_calls': _int(r['month_calls']), 'month_meetings': _int(r['month_meetings_held']),
            'month_contracts': _int(r['month_contracts']), 'month_connections': _int(r['month_connections']),
            'plan': _int(r['plan']), 'forecast': _dec(r['forecast']), 'done': _share(done), 'color': color,
            'bonus': _money_kopecks(r['bonus']),
            'calls_per_day': _dec(r['calls_per_day']), 'meetings_per_day': _dec(r['meetings_per_day']),
            'call_to_meeting': _share(r['call_to_meeting']), 'meeting_to_contract': _share(r['meeting_to_contract']),
        })
    return out


def context(f, settings, attachment_name, problems=()):
    p = f.period
    stuck = [{'manager': s['manager'], 'organisation': s['organisation'], 'stage': s['stage'],
              'idle_days': s['idle_days'], 'last_action': s['last_action']}
             for s in f.stuck.head(10).to_dict('records')]
    lost = [{'reason': x['reason'], 'month': x['month'], 'total': x['total']} for x in f.lost.to_dict('records')]
    n = f.norms
    return {
        'company': settings.company, 'period': p, 'week': p.week,
        'week_start': p.week_start, 'as_of': p.as_of,
        'managers': manager_lines(f), 'stuck': stuck, 'stuck_count': len(f.stuck), 'lost': lost,
        'norms': {'calls_per_day': _dec(n['calls_per_day']), 'meetings_per_day': _dec(n['meetings_per_day']),
                  'call_to_meeting': _share(n['call_to_meeting']),
                  'meeting_to_contract': _share(n['meeting_to_contract']), 'stuck_days': n['stuck_days']},
        'calls_source': f.calls_source, 'attachment_name': attachment_name, 'problems': len(problems),
        'figures': f,
    }


def render(f, settings, attachment_name, operator_dir=None, problems=()):
    """Subject, plain text and HTML of the owner's e-mail → :class:`jobs.mail.Rendered`."""
    env = template_environment(operator_dir, packages=('templates/sales',))
    return render_message(TEMPLATE, context(f, settings, attachment_name, problems), env=env)
