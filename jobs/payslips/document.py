"""The payslip PDF (расчётный листок), ст. 136 ТК РФ: what was accrued by kind,
what was withheld, what was paid and what is still owed — for one employee and
month, encrypted with the employee's password (AES-256).

The password opens the file (the user password); the owner password, which would
allow removing the protection, is random and never kept, so nobody — the kit
included — can lift it. The password itself is not written anywhere: the PDF
holds only the salted hashes the AES-256 handler needs.
"""

import secrets

from fpdf.enums import EncryptionMethod

from addin.model.rounding import to_decimal

from .. import textfmt
from ..pdf import Column, Document

TITLE = 'Расчётный листок'


def _days(n, one, few, many):
    n = int(n)
    form = one if n % 10 == 1 and n % 100 != 11 else (
        few if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else many)
    return '%d %s' % (n, form)


def _hours(value):
    return textfmt.number(value, 1).replace(',0', '') + ' ч'


def lines(employee, book):
    """(accrued, withheld, paid, reference) rows: (kind, period / days, amount) texts.

    Kept apart from the drawing so the job and its tests see the same figures
    the page shows.
    """
    e, p, rules = employee.inputs, employee.pay, book.rules
    accrued = [('Оклад за отработанное время', '%s из %s' % (_days(e.worked_days, 'день', 'дня', 'дней'),
                                                            int(rules.working_days)), p.salary_pay)]
    if p.bonus:
        detail = 'план %s, факт %s' % (textfmt.number(to_decimal(e.plan)),
                                       textfmt.number(to_decimal(e.fact or 0)))
        if e.clawback:
            detail += ', снижено на %s' % textfmt.money(to_decimal(e.clawback))
        accrued.append(('Премия за выполнение плана', detail, p.bonus))
    if p.hours_pay:
        hours = []
        if e.overtime_first or e.overtime_rest:
            hours.append('сверхурочно %s' % _hours((e.overtime_first or 0) + (e.overtime_rest or 0)))
        if e.night_hours:
            hours.append('ночью %s' % _hours(e.night_hours))
        if e.holiday_hours:
            hours.append('в выходные %s' % _hours(e.holiday_hours))
        accrued.append(('Сверхурочные, ночные, выходные и праздничные', ', '.join(hours), p.hours_pay))
    if p.north:
        accrued.append(('Районный коэффициент и северная надбавка', '', p.north))
    if p.vacation:
        accrued.append(('Отпускные', _days(e.vacation_days, 'день', 'дня', 'дней'), p.vacation))
    if p.sick.employer:
        accrued.append(('Пособие по временной нетрудоспособности за счёт работодателя',
                        _days(min(int(e.sick_days), 3), 'день', 'дня', 'дней'), p.sick.employer))
    if p.material_aid:
        accrued.append(('Материальная помощь', '', p.material_aid))
    withheld = [('НДФЛ', '13–22 %, основная база', p.ndfl_main)]
    if p.ndfl_north:
        withheld.append(('НДФЛ с районного коэффициента и северной надбавки', '13–15 %', p.ndfl_north))
    if p.writ:
        withheld.append(('Удержание по исполнительным документам', '', p.writ))
    paid = [('Аванс за первую половину месяца', textfmt.date_ru(book.advance_date), p.advance)]
    if e.paid_separately:
        paid.append(('Выплачено отдельно (отпускные до отпуска)', '', to_decimal(e.paid_separately)))
    reference = []
    if p.child_deduction:
        reference.append(('Стандартный вычет на детей (уменьшил базу НДФЛ)', '', p.child_deduction))
    if p.sick.sfr:
        reference.append(('Пособие по нетрудоспособности за счёт Социального фонда '
                          '(фонд перечисляет сам)', _days(int(e.sick_days) - 3, 'день', 'дня', 'дней'),
                          p.sick.sfr))
    if p.aid_exempt:
        reference.append(('Материальная помощь без НДФЛ и взносов (до 4 000 ₽ в год)', '', p.aid_exempt))
    reference.append(('Доход с 1 января для НДФЛ, включая этот месяц', '', p.income_ytd))
    return accrued, withheld, paid, reference


def render(employee, book, company, owner_password=None):
    """The encrypted payslip PDF as bytes; the employee's password opens it."""
    doc = Document('%s за %s' % (TITLE, book.month_name), author=company.name,
                   subject='%s, %s' % (TITLE, employee.name))
    doc.paragraph(company.name, bold=True)
    if company.inn:
        doc.paragraph('ИНН %s' % company.inn, size=8)
    doc.heading('%s за %s г.' % (TITLE, book.month_name), size=13)
    doc.key_values([('Сотрудник', employee.name), ('Табельный №', employee.number or '—'),
                    ('Должность', employee.role or '—'),
                    ('Оклад', textfmt.money(to_decimal(employee.salary or 0)))],
                   label_width=30)
    accrued, withheld, paid, reference = lines(employee, book)
    p = employee.pay
    columns = [Column('Вид', None), Column('Дни, часы, период', 48), Column('Сумма', 30, 'R')]

    def block(title, rows, total_label, total):
        doc.heading(title, size=10, space_after=1)
        doc.table(columns, [[k, d, textfmt.money(v)] for k, d, v in rows]
                  + [[total_label, '', textfmt.money(total)]], bold_rows=(len(rows),))

    block('Начислено', accrued, 'Всего начислено', p.accrued)
    block('Удержано', withheld, 'Всего удержано', p.ndfl + p.writ)
    paid_total = sum((v for _, _, v in paid), to_decimal(0))
    block('Выплачено', paid, 'Всего выплачено', paid_total)
    doc.heading('К выплате', size=10, space_after=1)
    owed = p.final_pay
    doc.table(columns, [['Окончательный расчёт за месяц', textfmt.date_ru(book.final_date),
                         textfmt.money(owed)],
                        ['Долг %s на конец месяца' % ('за работодателем' if owed >= 0 else 'за работником'),
                         '', textfmt.money(abs(owed))]], bold_rows=(1,))
    doc.heading('Справочно', size=10, space_after=1)
    doc.table(columns, [[k, d, textfmt.money(v)] for k, d, v in reference])
    doc.paragraph('Начислено − удержано − выплачено = к выплате: %s − %s − %s = %s.' % (
        textfmt.money(p.accrued), textfmt.money(p.ndfl + p.writ), textfmt.money(paid_total),
        textfmt.money(owed)), size=8)
    contact = (': ' + company.accountant.rstrip('.')) if company.accountant else ''
    doc.paragraph('Расчётный листок выдаётся при выплате заработной платы (ст. 136 ТК РФ). '
                  'Вопросы по расчёту — в бухгалтерию%s.' % contact, size=8)
    doc.set_encryption(owner_password=owner_password or secrets.token_urlsafe(24),
                       user_password=employee.password, encryption_method=EncryptionMethod.AES_256)
    return doc.to_bytes()
