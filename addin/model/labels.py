"""Russian names of the worksheet functions' arguments (русские названия аргументов).

The catalogue names arguments in English (the code's identifiers, the order of
the signature); a user reads them in Russian. This is the one mapping from the
English name to the Russian one, worded as the row or column labels of the
ready workbooks say it («Конкурентов в зоне» → «конкурентов»), short enough for
an error text in a cell. One name, one concept: an argument name means the same
in every function (``gross`` is «начислено за месяц» in НДФЛ, взносы and the
payroll row alike), so a new function reuses a name or adds its own here —
``tests/test_catalogue.py`` fails while a catalogue argument has no Russian name.

It lives in the model (not next to the catalogue) because the model's one error
type, :class:`~addin.model.errors.ArgumentError`, names the argument in Russian
and the model imports nothing outside itself.

>>> label('competitors')
'конкурентов'
>>> label('no_such_argument')     # unknown: the code's name, still findable in the signature
'no_such_argument'
"""

#: English argument name → Russian name (lower case, as it reads inside a sentence).
LABELS = {
    # «Потенциал и штат»
    'households': 'квартир в зоне покрытия',
    'per_20000': 'юрлиц на 20 000 квартир',
    'legal_entities': 'юрлиц в зоне покрытия',
    'own_clients': 'уже наших клиентов',
    'competitors': 'конкурентов',
    'reachable_share': 'доля досягаемых юрлиц',
    'strength': 'сила предложения',
    'potential': 'потенциал',
    'months': 'месяцев',
    'plan_per_month': 'план в месяц',
    'calls_per_day': 'звонков в день',
    'meetings_per_day': 'встреч в день',
    'call_to_meeting': 'конверсия звонка во встречу',
    'meeting_to_contract': 'конверсия встречи в договор',
    'working_days': 'рабочих дней в месяце',
    'sales_time_share': 'доля времени на продажи',
    'active_clients': 'активных клиентов',
    'clients_per_manager': 'клиентов на менеджера',
    'total': 'общий план',
    'weights': 'веса территорий',
    # «Зарплата отдела продаж»
    'fulfilment': 'выполнение плана',
    'ladder': 'шкала выполнения плана',
    'plan': 'план подключений',
    'fact': 'факт подключений',
    'paid_new_revenue': 'оплачено новыми клиентами',
    'rate': 'ставка',
    'clawback': 'удержание',
    'gross': 'начислено за месяц',
    'gross_ytd_before': 'начислено с 1 января',
    'year': 'год',
    'tariff': 'тариф взносов',
    'base_salary': 'оклад',
    'worked_days': 'отработано дней',
    'bonus': 'премия',
    # «Бюджет отдела продаж»
    'monthly_cost': 'расходы в месяц',
    'new_clients_per_month': 'новых клиентов в месяц',
    'arpu': 'средний платёж (ARPU)',
    'monthly_churn': 'отток в месяц',
    'churn': 'отток',
    'horizon': 'горизонт расчёта',
    # «Должники»
    'days_overdue': 'дней просрочки',
    'debt': 'долг',
    'min_debt': 'порог долга',
    # Arguments of the functions SPEC section 3 adds (facts, calendar, due dates,
    # payroll extras, sales); named here ahead so each function reuses one word.
    'name': 'показатель',
    'date': 'дата',
    'days': 'дней',
    'month': 'месяц',
    'charge_date': 'дата начисления',
    'payment_days': 'срок оплаты, дней',
    'pay_by_day': 'оплатить до числа',
    'due_date': 'срок оплаты',
    'until': 'дата оплаты',
    'payment_dates': 'даты оплат',
    'payment_amounts': 'суммы оплат',
    'amount': 'сумма',
    'included': 'НДС в сумме',
    'deduction': 'вычет',
    'deductions_ytd_before': 'вычеты с 1 января',
    'north_gross': 'северные за месяц',
    'north_ytd_before': 'северные с 1 января',
    'children': 'детей',
    'disabled_children': 'детей-инвалидов',
    'income_ytd': 'доход с 1 января',
    'director': 'руководитель',
    'earnings_2y': 'заработок за 2 года',
    'insurance_years': 'страховой стаж, лет',
    'earnings_12m': 'заработок за 12 месяцев',
    'vacation_days': 'дней отпуска',
    'full_months': 'полных месяцев',
    'partial_month_days': 'дней неполных месяцев',
    'contracts': 'договоров',
    'fact_to_date': 'факт на сегодня',
    'working_days_passed': 'прошло рабочих дней',
    'working_days_in_month': 'рабочих дней в месяце',
    # payroll: advance, hours, МРОТ, material aid, writs (issue 19)
    'worked_first_half': 'отработано с 1 по 15 число',
    'working_days_first_half': 'рабочих дней с 1 по 15 число',
    'share_of_salary': 'доля оклада в авансе',
    'allowance': 'надбавка к оплате',
    'aid': 'материальная помощь',
    'aid_ytd_before': 'материальная помощь с начала года',
    'norm_hours': 'норма часов',
    'overtime_first': 'сверхурочные первые 2 часа',
    'overtime_rest': 'сверхурочные далее',
    'overtime_first_rate': 'множитель первых 2 часов',
    'overtime_rest_rate': 'множитель далее',
    'night_hours': 'ночные часы',
    'night_extra': 'доплата за ночной час',
    'holiday_hours': 'часы в выходные и праздники',
    'holiday_rate': 'множитель выходных',
    'mrot': 'МРОТ',
    'pay': 'оплата за месяц',
    'accrued': 'начислено',
    'ndfl': 'НДФЛ',
    'requested': 'по исполнительному листу',
    'limit': 'предел удержания',
    # the cell of a table result (addin/model/table.py)
    'row': 'строка',
    'column': 'столбец',
}


def label(name):
    """The Russian name of argument *name*; the name itself when none is known
    (a Russian message with the code's name beats no message)."""
    return LABELS.get(name, name)
