"""``b2bkit demo``: the kit end to end on a sample operator.

For now it prints the sales potential, headcount, personal plans, payroll and
payback of a sample operator computed by the model.
"""

import datetime
from decimal import Decimal

from addin import model

from ..textfmt import money, number

SAMPLE = {
    'households': 60000, 'own_clients': 420, 'competitors': 2, 'months': 18,
    'managers': (('Иванова А. С.', 1.2, 70000), ('Петров Д. Н.', 1.0, 65000),
                 ('Сидоров К. Л.', 0.8, 60000)),
    'arpu': 4500, 'churn': Decimal('0.01'),
}


def register(sub, common):
    p = sub.add_parser('demo', parents=[common], help='пример расчёта на образце оператора')
    p.set_defaults(func=run)


def sample_report(today=None):
    """The demo's text, Russian, for a sample operator."""
    today = today or datetime.date.today()
    year = today.year
    s = SAMPLE
    lines = ['Образец оператора: %s квартир в зоне покрытия, %d клиентов-юрлиц, %d конкурента.'
             % (number(s['households']), s['own_clients'], s['competitors'])]
    le = model.legal_entities(s['households'])
    pot = model.potential(le, s['own_clients'], s['competitors'])
    plan = model.monthly_plan(pot, s['months'])
    mgrs = model.managers(plan)
    support = model.support_managers(s['own_clients'])
    lines += [
        'Юрлиц в зоне покрытия: %s' % number(le),
        'Дополнительный потенциал: %s подключений' % number(pot),
        'План на %d мес.: %d подключений в месяц' % (s['months'], plan),
        'Менеджеров по продажам: %d, менеджеров сопровождения: %d' % (mgrs, support),
        '',
        'Личные планы и зарплата за %s (тариф взносов «общий»):' % today.strftime('%m.%Y'),
    ]
    weights = [w for _, w, _ in s['managers']]
    plans = model.personal_plan(plan, weights)
    total_cost = Decimal(0)
    month_index = today.month - 1
    for (name, _, salary), personal in zip(s['managers'], plans):
        fact = personal  # the sample month: everyone hits the plan
        bonus = model.bonus(personal, fact, personal * s['arpu'])
        ytd = Decimal(salary) * month_index
        row = model.payroll_row(salary, 21, 21, bonus, ytd, year)
        total_cost += row.total_cost
        lines.append('  %-15s план %2d, премия %s, начислено %s, НДФЛ %s, к выплате %s, взносы %s'
                     % (name, personal, money(bonus), money(row.gross), money(row.ndfl),
                        money(row.net), money(row.contributions)))
    lines.append('Стоимость отдела в месяц: %s' % money(total_cost))
    try:
        month = model.payback(total_cost, plan, s['arpu'], s['churn'], 36)
        lines.append('Окупаемость отдела: %d-й месяц' % month)
    except model.ArgumentError as exc:
        lines.append('Окупаемость: %s' % exc.expected)
    return '\n'.join(lines)


def run(args):
    print(sample_report())
    return 0
