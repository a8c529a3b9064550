"""Reading the operator's payroll workbook («Зарплата отдела продаж.xlsx») for payslips.

Only the inputs are read — the yellow cells of «Настройки», «Сотрудники» and
«Расчёт», found by their defined names and column headers (so the accountant may
move columns) — and every figure is recomputed through
:func:`addin.model.month_pay.month_pay`; the cached values of the formula cells
are not trusted (the file may have been saved by a program without the add-in).

Rows of «Расчёт» follow the rows of «Сотрудники» one to one, as the workbook's
formulas do. A wrong value is a :class:`~jobs.errors.UserError` naming the file,
sheet, row, column, the value and what is expected.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from addin.model import ArgumentError, MonthInput, MonthRules, month_pay

from ..errors import UserError
from ..workbooks import payroll as layout

FILE_NAME = layout.FILE_NAME
MIN_PASSWORD = 6

#: Model argument names that are not a column key themselves → the column key.
_ARGUMENT_COLUMN = {
    'base_salary': 'salary', 'days': 'sick_days', 'requested': 'writ_requested',
    'limit': 'writ_limit', 'aid': 'material_aid', 'gross_ytd_before': 'contributions_ytd_before',
    'north_ytd_before': 'north_ytd_before', 'deductions_ytd_before': 'deductions_ytd_before',
}
#: Model argument names that come from «Настройки» → the settings key.
_ARGUMENT_SETTING = {
    'working_days': 'working_days', 'working_days_first_half': 'working_days_first_half',
    'norm_hours': 'norm_hours', 'tariff': 'tariff', 'year': 'year', 'ns_rate': 'ns_rate',
    'rate': 'bonus_rate', 'regional_coef': 'regional_coef', 'north_share': 'north_share',
    'allowance': 'regional_coef', 'mrot': 'mrot', 'share_of_salary': 'advance_share',
    'overtime_first_rate': 'overtime_first_rate', 'overtime_rest_rate': 'overtime_rest_rate',
    'night_extra': 'night_extra', 'holiday_rate': 'holiday_rate',
}
#: Settings keys read into :class:`MonthRules` (the allowance is derived, the ladder a range).
_RULE_KEYS = [k for k in MonthRules._fields]


@dataclass
class Employee:
    """One employee's row: who, where the payslip goes, the inputs and the recomputed month."""
    row: int                  # the row on «Сотрудники» and «Расчёт», as Excel shows it
    number: str
    name: str
    role: str
    email: str
    password: str = field(repr=False)
    salary: object = None
    inputs: MonthInput = None
    pay: object = None        # addin.model.MonthPay


@dataclass
class PayrollBook:
    path: Path
    year: int
    month: int                # 1–12
    rules: MonthRules
    advance_date: datetime.date
    final_date: datetime.date
    employees: list

    @property
    def month_key(self):
        return '%04d-%02d' % (self.year, self.month)

    @property
    def month_name(self):
        return '%s %d' % (layout.MONTHS[self.month - 1], self.year)


def workbook_path(operator_dir):
    return Path(operator_dir) / FILE_NAME


def read(operator_dir):
    """The :class:`PayrollBook` of the operator folder, every month recomputed."""
    path = workbook_path(operator_dir)
    if not path.exists():
        raise UserError('нет книги %s: положите в папку оператора заполненную книгу «%s» '
                        '(образец — в папке workbooks/ или в демо-папке: b2bkit init --demo)'
                        % (path, FILE_NAME))
    import openpyxl
    try:
        wb = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:        # zip, XML or openpyxl errors: the file is not a workbook
        raise UserError('не удалось прочитать %s: %s' % (path, exc))
    reader = _Reader(path, wb)
    rules, year, month, dates = reader.settings()
    employees = reader.employees(rules)
    return PayrollBook(path, year, month, rules, dates[0], dates[1], employees)


class _Reader:
    def __init__(self, path, wb):
        self.path, self.wb = path, wb

    def fail(self, sheet, text, row=None, column=None, value=None):
        where = '%s, лист «%s»' % (self.path.name, sheet)
        if row is not None:
            where += ', строка %d' % row
        if column:
            where += ', столбец «%s»' % column
        if value is not None:
            text += ' (указано: %r)' % (value,)
        raise UserError('%s: %s' % (where, text))

    def sheet(self, name):
        if name not in self.wb.sheetnames:
            raise UserError('%s: нет листа «%s» — книга не похожа на «%s»' % (self.path.name, name, FILE_NAME))
        return self.wb[name]

    def named(self, name):
        """The value(s) of a defined name: a cell's value, or a range's rows."""
        defined = self.wb.defined_names.get(name)
        if defined is None:
            raise UserError('%s: нет имени «%s» (лист «%s») — книга не похожа на «%s»'
                            % (self.path.name, name, layout.SETTINGS, FILE_NAME))
        (sheet, ref), = list(defined.destinations)
        cells = self.wb[sheet][ref.replace('$', '')]
        if isinstance(cells, tuple):
            return sheet, tuple(tuple(c.value for c in row) for row in cells)
        return sheet, cells.value

    def settings(self):
        n = layout.SETTING_NAMES
        values = {}
        for key in _RULE_KEYS:
            values[key] = self.named(n[key])[1]
        year = values['year']
        if not isinstance(year, (int, float)) or int(year) != year:
            self.fail(layout.SETTINGS, 'год расчёта — целое число, например 2026', column='Год расчёта',
                      value=year)
        values['year'] = int(year)
        sheet, month = self.named(n['month'])
        if isinstance(month, str) and month.strip().lower() in layout.MONTHS:
            month = layout.MONTHS.index(month.strip().lower()) + 1      # a name typed instead
        if isinstance(month, bool) or not isinstance(month, (int, float)) or month != int(month) \
                or not 1 <= month <= 12:
            self.fail(sheet, 'ожидается номер месяца от 1 до 12', column='Месяц расчёта (номер)',
                      value=month)
        dates = []
        for key, label in (('advance_date', layout.ADVANCE), ('final_date', layout.FINAL)):
            sheet, value = self.named(n[key])
            if isinstance(value, datetime.datetime):
                value = value.date()
            if not isinstance(value, datetime.date):
                self.fail(sheet, 'ожидается дата выплаты, например 20.11.2026', column='Дата выплаты',
                          value=value)
            dates.append(value)
        return MonthRules(**values), values['year'], int(month), dates

    def _columns(self, ws, wanted):
        """Column letter → key for the headers of *ws* (row HEADER_ROW + 1)."""
        headers = {}
        for cell in ws[layout.HEADER_ROW + 1]:
            if isinstance(cell.value, str):
                headers[cell.value.strip()] = cell.column
        out = {}
        for col in wanted:
            if col.header not in headers:
                self.fail(ws.title, 'нет столбца «%s» в строке заголовков %d' % (col.header, layout.HEADER_ROW + 1))
            out[col.key] = headers[col.header]
        return out

    def employees(self, rules):
        people, month = self.sheet(layout.EMPLOYEES), self.sheet(layout.MONTH)
        pcols = self._columns(people, layout.EMPLOYEE_COLUMNS)
        mcols = self._columns(month, layout.MONTH_INPUTS)
        headers = {c.key: (layout.EMPLOYEES, c.header) for c in layout.EMPLOYEE_COLUMNS}
        headers.update({c.key: (layout.MONTH, c.header) for c in layout.MONTH_INPUTS})
        out = []
        row = layout.FIRST_ROW + 1
        while True:
            name = people.cell(row, pcols['name']).value
            if name is None or str(name).strip() == '' or str(name).strip() == 'Итого':
                break
            # «Расчёт» shows the name by a formula; a different saved name means the rows of the
            # two sheets were moved apart (a row inserted on one of them only).
            shown = month.cell(row, len(layout.MONTH_LEAD)).value
            if shown not in (None, '', 0) and str(shown).strip() != str(name).strip():
                self.fail(layout.MONTH, 'здесь «%s», а на листе «%s» в этой строке «%s»: строки листов '
                                        'должны идти в одном порядке — вставьте или удалите строку на '
                                        'обоих листах' % (shown, layout.EMPLOYEES, name), row=row)
            values = {k: people.cell(row, c).value for k, c in pcols.items()}
            values.update({k: month.cell(row, c).value for k, c in mcols.items()})
            inputs = MonthInput(**{k: _blank_as_default(values.get(k), k)
                                   for k in MonthInput._fields})
            try:
                pay = month_pay(inputs, rules)
            except ArgumentError as exc:
                if exc.argument in _ARGUMENT_SETTING:
                    label = layout.SETTING_LABELS[_ARGUMENT_SETTING[exc.argument]]
                    raise UserError('%s, лист «%s», строка «%s»: %s — расчёт не выполнен' % (
                        self.path.name, layout.SETTINGS, label, exc))
                if exc.argument == 'ladder':
                    raise UserError('%s, лист «%s», шкала выполнения плана: %s' % (
                        self.path.name, layout.SETTINGS, exc))
                key = _ARGUMENT_COLUMN.get(exc.argument, exc.argument)
                sheet, header = headers.get(key, (layout.MONTH, None))
                raise UserError('%s, лист «%s», строка %d%s: %s — расчёт не выполнен' % (
                    self.path.name, sheet, row, ', столбец «%s»' % header if header else '', exc))
            out.append(Employee(row, _text(values['number']), str(name).strip(), _text(values['role']),
                                _text(values['email']), _text(values['password']), inputs.salary,
                                inputs, pay))
            row += 1
        if not out:
            self.fail(layout.EMPLOYEES, 'нет ни одного сотрудника (строки с %d)' % (layout.FIRST_ROW + 1))
        return out



def _blank_as_default(value, key):
    """An empty cell means the input's default (0 days, «нет», 50 % limit…)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return MonthInput._field_defaults.get(key, 0) if key != 'salary' else None
    return value


def _text(value):
    if value is None:
        return ''
    if isinstance(value, float) and value == int(value):
        value = int(value)
    return str(value).strip()
