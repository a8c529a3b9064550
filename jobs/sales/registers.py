"""The sales registers of an operator folder (реестры продаж): columns, where they live, checks.

::

    Продажи/Территория.xlsx    дома зоны: адрес, район, квартир, организаций, покрытие, менеджер
    Продажи/Организации.xlsx   список организаций из справочника (2ГИС или другого), по желанию
    Продажи/Воронка.xlsx       сделки: стадии и их даты, абонплата, следующее действие;
                               лист «Планы» (по желанию) — личные планы подключений по месяцам
    Продажи/Звонки.xlsx        ведомость по звонкам: менеджер, день, звонки, дозвоны, встречи, КП

Each may instead be a ``.csv`` of the same name in ``Продажи/``, or a sheet of that
name in ``Реестр юрлиц.xlsx`` (the operator's one workbook). Values are typed by
:mod:`.table`; here the checks that need several cells of a row (a stage's date,
dates in order, a reason for «отказ»).
"""

from pathlib import Path

from .. import data_files, operator_folder
from ..errors import UserError
from . import stages
from .table import CHOICE, DATE, INN, MONEY, STAGE, TEXT, Schema, col, read, sheet_names

SALES_DIR = 'Продажи'
SEGMENTS = ('малый', 'средний', 'крупный')
_LAYOUT = data_files.load('sales_registers')      # jobs/data/sales_registers.toml


def _schema(name):
    """Register *name* of the layout file as a :class:`~.table.Schema`."""
    spec = _LAYOUT[name]
    return Schema(spec['name'], tuple(col(*c) for c in spec['columns']), spec['title'])


TERRITORY = _schema('territory')
COVERAGE = TERRITORY.column('coverage').choices
ORGANISATIONS = _schema('organisations')

STAGE_DATES = (
    (stages.CONTACT, 'contact_date', 'Дата контакта'),
    (stages.MEETING, 'meeting_date', 'Дата встречи'),
    (stages.PROPOSAL, 'proposal_date', 'Дата КП'),
    (stages.SURVEY, 'survey_date', 'Дата обследования'),
    (stages.CONTRACT, 'contract_date', 'Дата договора'),
    (stages.CONNECTED, 'connected_date', 'Дата подключения'),
    (stages.LOST, 'lost_date', 'Дата отказа'),
)
DATE_OF = {stage: key for stage, key, _ in STAGE_DATES}

PIPELINE = Schema('Воронка', (
    col('deal', '№ сделки', TEXT, False, 'номер сделки в CRM, если есть', 10),
    col('organisation', 'Организация', TEXT, True, 'ООО «Ромашка»', 30),
    col('inn', 'ИНН', INN, False, '10 или 12 цифр', 13),
    col('segment', 'Сегмент', CHOICE, False, 'малый, средний или крупный', 10, SEGMENTS),
    col('manager', 'Менеджер', TEXT, True, 'ответственный менеджер', 24),
    col('source', 'Источник', TEXT, False, 'обход, звонок, сайт, рекомендация…', 14),
    col('stage', 'Стадия', STAGE, True, ', '.join(stages.ALL), 13),
) + tuple(col(key, header, DATE, False, 'ДД.ММ.ГГГГ', 12) for _, key, header in STAGE_DATES) + (
    col('reason', 'Причина отказа', TEXT, False, 'для стадии «отказ»', 20),
    col('fee', 'Ожидаемая абонплата', MONEY, False, 'руб. в месяц', 14),
    col('next_action', 'Следующее действие', TEXT, False, 'что сделать', 24),
    col('next_date', 'Дата следующего действия', DATE, False, 'ДД.ММ.ГГГГ', 13),
), 'Воронка продаж: одна строка на сделку')

PLANS = _schema('plans')
CALLS = _schema('calls')

REGISTERS = (TERRITORY, ORGANISATIONS, PIPELINE, CALLS)


def sales_dir(operator_dir):
    return Path(operator_dir) / SALES_DIR


def find(operator_dir, schema):
    """Where register *schema* lives: (path, sheet) or ``None`` (see the module docstring)."""
    folder = sales_dir(operator_dir)
    for suffix in ('.xlsx', '.xlsm', '.csv'):
        path = folder / (schema.name + suffix)
        if path.exists():
            return path, schema.name
    book = Path(operator_dir) / operator_folder.REGISTER_FILE
    if book.exists():
        from .table import normalise_header
        for name in sheet_names(book):
            if normalise_header(name) == normalise_header(schema.name):
                return book, name
    return None


def load(operator_dir, schema, required=False):
    """Read register *schema* of the folder → :class:`~.table.Table`, or ``None`` when there is none."""
    where = find(operator_dir, schema)
    if where is None:
        if required:
            raise UserError('нет реестра «%s»: ожидается файл %s/%s.xlsx (или .csv, или лист «%s» в %s); '
                            'пустой шаблон создаёт команда «b2bkit sales templates»'
                            % (schema.name, SALES_DIR, schema.name, schema.name, operator_folder.REGISTER_FILE))
        return None
    path, sheet = where
    table = read(path, schema, sheet)
    check = _CHECKS.get(schema.name)
    if check is not None:
        check(table)
    return table


def _keep(table, bad_rows):
    if bad_rows:
        table.frame = table.frame[~table.frame['row'].isin(bad_rows)].reset_index(drop=True)


def check_pipeline(table):
    """A deal's stage needs its date; stage dates go in funnel order; «отказ» needs a reason."""
    bad = set()
    for rec in table.frame.to_dict('records'):
        stage, row = rec['stage'], rec['row']
        own = DATE_OF[stage]
        if rec[own] is None:
            header = table.schema.column(own).header
            table.problems.append(table.problem(row, own, None, 'не заполнено: сделка на стадии «%s», '
                                                'нужна «%s»' % (stage, header)))
            bad.add(row)
            continue
        if stage == stages.LOST and not rec['reason']:
            table.problems.append(table.problem(row, 'reason', None, 'не заполнено: у сделки на стадии '
                                                '«отказ» нужна причина отказа'))
            bad.add(row)
            continue
        previous = None
        for st, key, header in STAGE_DATES[:-1]:
            d = rec[key]
            if d is None:
                continue
            if previous is not None and d < previous[1]:
                table.problems.append(table.problem(
                    row, key, d, 'дата раньше, чем «%s» (%s); стадии идут по порядку: %s'
                    % (previous[0], previous[1].strftime('%d.%m.%Y'), ' → '.join(stages.FUNNEL))))
                bad.add(row)
                break
            previous = (header, d)
            if stage != stages.LOST and stages.index(st) > stages.index(stage):
                table.problems.append(table.problem(
                    row, key, d, 'заполнена дата стадии «%s», а сделка на стадии «%s»; исправьте стадию'
                    % (st, stage)))
                bad.add(row)
                break
    _keep(table, bad)


def check_calls(table):
    """Reached ≤ calls; meetings held ≤ meetings set is not required (set earlier, held today)."""
    bad = set()
    for rec in table.frame.to_dict('records'):
        if rec['reached'] > rec['calls']:
            table.problems.append(table.problem(rec['row'], 'reached', rec['reached'],
                                                'дозвонов больше, чем звонков (%d)' % rec['calls']))
            bad.add(rec['row'])
    _keep(table, bad)


def check_territory(table):
    """One row per building: a repeated address would count its prospects twice."""
    from .matching import address_key
    seen, bad = {}, set()
    for rec in table.frame.to_dict('records'):
        key = address_key(rec['address'])
        if key in seen:
            table.problems.append(table.problem(rec['row'], 'address', rec['address'],
                                                'этот дом уже есть в строке %d' % seen[key]))
            bad.add(rec['row'])
        else:
            seen[key] = rec['row']
    _keep(table, bad)


_CHECKS = {PIPELINE.name: check_pipeline, CALLS.name: check_calls, TERRITORY.name: check_territory}


def plans_from_pipeline(operator_dir):
    """Personal plans from the sheet «Планы» of the pipeline workbook → ``{manager: {'ГГГГ-ММ': n}}``
    and problems; ``({}, [])`` when there is no such sheet."""
    from ..registers import values
    where = find(operator_dir, PIPELINE)
    if where is None or where[0].suffix.lower() == '.csv':
        return {}, []
    path = where[0]
    if not any(n.strip().lower() == PLANS.name.lower() for n in sheet_names(path)):
        return {}, []
    table = read(path, PLANS, PLANS.name)
    out = {}
    for rec in table.frame.to_dict('records'):
        try:
            month = values.period(rec['month'])
        except values.BadValue as exc:
            table.problems.append(table.problem(rec['row'], 'month', rec['month'], exc.expected))
            continue
        out.setdefault(rec['manager'], {})[month] = rec['plan']
    return out, table.problems
