"""Import of a CRM's deals export (выгрузка сделок Битрикс24 / amoCRM) into the pipeline register.

The export is a CSV (Bitrix24 and amoCRM write cp1251 or UTF-8 with ``;``); which
column holds which field is the table ``[sales.crm_bitrix24]`` / ``[sales.crm_amocrm]``
of settings.toml, the CRM's stage names map to the pipeline's stages through
``[sales.crm_stages]``. A CRM export knows when a deal was created (→ «Дата
контакта») and last changed (→ the date of its current stage); the dates of stages
in between are kept from the register when the deal was imported before.

The result is ``Продажи/Воронка.xlsx``: a deal already there with the same «№ сделки»
is replaced, other rows (typed by hand) are kept, new deals are appended. Every bad
row is a Russian problem with the export's file name, the row as a spreadsheet
shows it, the CRM's column header and value; the row is not imported.
"""

from pathlib import Path

import pandas as pd

from ..errors import UserError
from ..registers import values
from ..registers.validate import Problem, inn_error
from . import registers, stages
from .table import csv_rows, normalise_header, HEADER_SEARCH_ROWS

REQUIRED = ('organisation', 'stage', 'manager')


def parse_export(path, cfg, system):
    """Rows of a CRM export → (pipeline records, problems)."""
    path = Path(path)
    columns = cfg.crm_columns(system)
    rows = csv_rows(path)
    wanted = {normalise_header(h): field for field, h in columns.items() if h}
    header_at = index = None
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = {wanted[normalise_header(c)]: i for i, c in enumerate(row) if normalise_header(c) in wanted}
        if all(f in found for f in REQUIRED):
            header_at, index = r, found
            break
    if header_at is None:
        missing = ', '.join('«%s» (ключ %s)' % (columns[f], f) for f in REQUIRED)
        raise UserError('%s: не найдена строка заголовков выгрузки %s; нужны столбцы %s — заголовки задаются '
                        'в settings.toml, раздел [sales.crm_%s]' % (path.name, system, missing, system))
    records, problems = [], []
    for r in range(header_at + 1, len(rows)):
        raw = rows[r]
        if all(values.is_empty(c) for c in raw):
            continue
        row_no = r + 1
        cell = {f: (raw[i] if i < len(raw) else '') for f, i in index.items()}
        rec, bad = _record(cell, columns, cfg, path.name, row_no, problems)
        if not bad:
            records.append(rec)
    return records, problems


def _record(cell, columns, cfg, file, row_no, problems):
    def problem(field, value, message):
        problems.append(Problem(file, None, row_no, columns[field], value, message))

    rec = {key: None for key in registers.PIPELINE.keys}
    for key in ('deal', 'organisation', 'manager', 'source', 'reason', 'next_action'):
        rec[key] = values.text(cell.get(key, ''))
    rec['inn'] = rec['segment'] = ''
    bad = False
    for key in ('organisation', 'manager'):
        if not rec.get(key):
            problem(key, None, 'не заполнено')
            bad = True
    crm_stage = values.text(cell.get('stage', ''))
    stage = cfg.crm_stages.get(stages.key(crm_stage))
    if stage is None:
        try:
            stage = stages.parse(crm_stage)
        except ValueError:
            problem('stage', crm_stage or None, 'стадия CRM не сопоставлена стадии воронки: добавьте её в '
                                                'settings.toml, раздел [sales.crm_stages], например '
                                                '"%s" = "встреча"' % (crm_stage.lower() or 'название'))
            bad = True
    rec['stage'] = stage
    inn = values.text(cell.get('inn', ''))
    if inn:
        error = inn_error(inn)
        if error:
            problem('inn', inn, error)
            bad = True
        rec['inn'] = inn
    segment = values.text(cell.get('segment', ''))
    if segment:
        try:
            rec['segment'] = values.choice(segment, registers.SEGMENTS)
        except values.BadValue as exc:
            problem('segment', segment, exc.expected)
            bad = True
    dates = {}
    for key in ('created', 'changed', 'next_date'):
        v = cell.get(key, '')
        if values.is_empty(v):
            dates[key] = None
            continue
        try:
            dates[key] = values.date(v)
        except values.BadValue as exc:
            problem(key, v, exc.expected)
            bad = True
    fee = cell.get('fee', '')
    if not values.is_empty(fee):
        try:
            amount = values.money(fee)
            if amount < 0:
                raise values.BadValue('сумма не может быть отрицательной')
            rec['fee'] = int(amount * 100)
        except values.BadValue as exc:
            problem('fee', fee, exc.expected)
            bad = True
    if bad:
        return rec, True
    if dates['created'] is None:
        problem('created', None, 'не заполнено: нужна дата создания сделки (становится датой контакта)')
        return rec, True
    rec['contact_date'] = dates['created']
    if stage != stages.CONTACT:
        rec[registers.DATE_OF[stage]] = dates['changed'] or dates['created']
    if stage == stages.LOST and not rec['reason']:
        rec['reason'] = 'не указана в CRM'
    rec['next_date'] = dates['next_date']
    return rec, False


def merge(existing, imported):
    """Existing pipeline records with *imported* ones: same «№ сделки» replaced (keeping the dates of
    earlier stages the export does not carry), the rest kept, new ones appended."""
    by_deal = {r['deal']: r for r in imported if r['deal']}
    out, used = [], set()
    for old in existing:
        new = by_deal.get(old['deal']) if old['deal'] else None
        if new is None:
            out.append(old)
            continue
        used.add(old['deal'])
        keep = dict(new)
        reached = len(stages.FUNNEL) if new['stage'] == stages.LOST else stages.index(new['stage'])
        for stage, key, _ in registers.STAGE_DATES[:-1]:
            if keep[key] is None and old.get(key) is not None and stages.index(stage) <= reached:
                keep[key] = old[key]
        for key in ('inn', 'segment', 'fee', 'next_action', 'next_date', 'source'):
            if not keep.get(key) and old.get(key):
                keep[key] = old[key]
        out.append(keep)
    out += [r for r in imported if not r['deal'] or r['deal'] not in used]
    return out


def import_export(operator_dir, path, cfg, system=None, dry_run=False):
    """Import *path* into ``Продажи/Воронка.xlsx``; returns Russian lines (problems included)."""
    from . import workbook
    system = system or cfg.crm
    records, problems = parse_export(path, cfg, system)
    target = registers.sales_dir(operator_dir) / (registers.PIPELINE.name + '.xlsx')
    where = registers.find(operator_dir, registers.PIPELINE)
    existing = []
    if where is not None:
        if where[0] != target:
            raise UserError('воронка ведётся в %s (лист «%s»); импорт из CRM пишет %s/%s.xlsx — перенесите '
                            'воронку туда или удалите прежнюю' % (where[0].name, where[1], registers.SALES_DIR,
                                                                  registers.PIPELINE.name))
        table = registers.load(operator_dir, registers.PIPELINE)
        if table.problems:
            raise UserError('в %s есть строки с ошибками (%d, первая: %s); исправьте их до импорта, чтобы не '
                            'потерять' % (target.name, len(table.problems), table.problems[0]))
        existing = [{k: (None if v is pd.NA else v) for k, v in r.items()}
                    for r in table.frame.drop(columns=['row']).to_dict('records')]
    merged = merge(existing, records)
    replaced = len(existing) + len(records) - len(merged)
    lines = ['Выгрузка %s (%s): сделок прочитано %d, с ошибками %d; в воронке заменено %d, добавлено %d, '
             'всего %d' % (Path(path).name, system, len(records), len(problems), replaced,
                           len(records) - replaced, len(merged))]
    if dry_run:
        lines.append('проверка: %s не записана' % target.name)
    else:
        workbook.write_register(target, registers.PIPELINE, merged)
        lines.append('воронка записана: %s/%s' % (registers.SALES_DIR, target.name))
    lines += ['Ошибка: ' + str(p) for p in problems]
    return lines
