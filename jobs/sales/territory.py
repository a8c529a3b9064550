"""Territory (территория): prospects per building and manager, the split proposal, accepting it.

``b2bkit territory`` writes ``Выгрузка/Продажи/Территория — перспективные.xlsx``
(buildings, managers, the directory list with the matched client);
``b2bkit territory split`` writes ``Выгрузка/Продажи/Распределение территории.xlsx``
— the proposal for the unassigned buildings, with a yellow column the owner may
edit; ``b2bkit territory accept`` writes that column into the territory register
(an xlsx is edited in place with openpyxl, keeping its formatting; a CSV is
rewritten in its own encoding).
"""

import csv
import io
from pathlib import Path

from .. import data_files, operator_folder
from .. import settings as settings_mod
from ..errors import UserError
from ..registers.csv_files import sniff
from ..xlsx_writer import Book
from . import config as config_mod
from . import matching, registers, split as split_mod
from .sheets import print_wide, table
from .table import csv_rows, normalise_header

OUTPUT = 'Продажи'
PROSPECTS_FILE = 'Территория — перспективные.xlsx'
PROPOSAL_FILE = 'Распределение территории.xlsx'
PROPOSAL_SHEET = 'Предложение'
PROPOSED_HEADER = 'Менеджер (предложение)'
TITLE = {'bold': True, 'font_size': 14, 'font_name': 'Calibri'}
HINT = {'italic': True, 'font_color': '#595959', 'font_name': 'Calibri', 'text_wrap': False}
#: The workbooks' tables: (header, record key, kind, width) per column (``jobs/data/sales_territory.toml``).
COLUMNS = {name: [tuple(c) for c in columns] for name, columns in data_files.load('sales_territory').items()}


def output_path(operator_dir, name):
    return operator_folder.output_dir(operator_dir) / OUTPUT / name


def load(operator_dir, settings):
    """(territory with prospects, matched organisations or None, problems, the territory table)."""
    from .job import load_clients
    territory = registers.load(operator_dir, registers.TERRITORY, required=True)
    orgs = registers.load(operator_dir, registers.ORGANISATIONS)
    clients = load_clients(operator_dir, settings)
    if clients is None:
        clients = matching.client_frame([])
    matched = matching.match_organisations(orgs.frame, clients) if orgs is not None else None
    frame = matching.prospects(territory.frame, clients, matched)
    problems = territory.problems + (orgs.problems if orgs is not None else [])
    return frame, matched, problems, territory


def per_manager(frame):
    """Buildings, households, clients, prospects in coverage per assigned manager (``''`` — unassigned)."""
    covered = frame[frame['in_coverage']]
    rows = []
    for manager, g in covered.groupby('manager'):
        rows.append({'manager': manager or '(не распределено)', 'buildings': len(g),
                     'households': int(g['households'].sum()), 'clients': int(g['clients'].sum()),
                     'prospects': int(g['prospects'].sum())})
    rows.append({'manager': 'Всего в покрытии', 'buildings': len(covered),
                 'households': int(covered['households'].sum()), 'clients': int(covered['clients'].sum()),
                 'prospects': int(covered['prospects'].sum())})
    return rows


def prospects_command(operator_dir):
    """Write the prospects workbook; returns Russian lines."""
    settings = settings_mod.load(operator_dir)
    frame, matched, problems, _ = load(operator_dir, settings)
    path = output_path(operator_dir, PROSPECTS_FILE)
    book = Book(path, 'Территория — перспективные организации', 'Активные продажи юрлицам')
    s = book.sheet('Дома')
    s.text((0, 0), 'Перспективные организации по домам', TITLE)
    s.text((1, 0), 'перспективные — организации в доме, ещё не клиенты; в покрытии — дома с покрытием «есть»', HINT)
    table(s, 3, COLUMNS['buildings'], frame.to_dict('records'))
    s.ws.freeze_panes(4, 1)
    print_wide(s)
    m = book.sheet('По менеджерам')
    m.text((0, 0), 'Перспективные организации в покрытии по менеджерам', TITLE)
    summary = per_manager(frame)
    table(m, 3, COLUMNS['managers'], summary, total_last=True)
    if matched is not None:
        o = book.sheet('Организации')
        o.text((0, 0), 'Список организаций и клиенты', TITLE)
        o.text((1, 0), 'клиент найден по ИНН, иначе по наименованию и адресу', HINT)
        known = set(frame['address_key'])
        records = [dict(r, in_territory='да' if r['address_key'] in known else 'нет')
                   for r in matched.to_dict('records')]
        print_wide(o)
        table(o, 3, COLUMNS['organisations'], records)
    book.close()
    lines = ['Территория: домов %d, в покрытии %d; книга %s' % (
        len(frame), int(frame['in_coverage'].sum()), operator_folder.shown(path, operator_dir))]
    for r in summary:
        lines.append('  %-32s домов %4d, клиентов %4d, перспективных %5d' % (
            r['manager'], r['buildings'], r['clients'], r['prospects']))
    if matched is not None:
        lines.append('Список организаций: %d, из них уже клиенты %d' % (len(matched), int((matched['client'] != '').sum())))
    lines += ['Ошибка: ' + str(p) for p in problems[:20]]
    if len(problems) > 20:
        lines.append('… и ещё %d ошибок' % (len(problems) - 20))
    return lines


def managers_for_split(operator_dir, cfg, frame, settings):
    """[sales] managers, else everyone in the territory, the plans and the pipeline."""
    from ..settings import plans_from_settings
    if cfg.managers:
        return list(cfg.managers)
    names = [m for m in dict.fromkeys(frame['manager']) if m]
    pipeline = registers.load(operator_dir, registers.PIPELINE)
    sheet_plans, _ = registers.plans_from_pipeline(operator_dir)
    for more in (plans_from_settings(settings), sheet_plans,
                 pipeline.frame['manager'] if pipeline is not None else ()):
        names += [m for m in dict.fromkeys(more) if m and m not in names]
    if not names:
        raise UserError('некому распределять дома: укажите менеджеров в settings.toml, раздел [sales], '
                        'ключ managers = ["Иванова А. С.", "Петров Д. Н."]')
    return names


def split_command(operator_dir, dry_run=False):
    """Propose managers for the unassigned buildings; write the proposal workbook. Russian lines."""
    settings = settings_mod.load(operator_dir)
    cfg = config_mod.from_settings(settings)
    frame, _, problems, _ = load(operator_dir, settings)
    managers = managers_for_split(operator_dir, cfg, frame, settings)
    result = split_mod.split(frame, managers)
    new = result.frame[result.frame['new']]
    lines = ['Распределение территории: новых домов %d, менеджеров %d; в среднем перспективных на менеджера %s, '
             'допуск ±%s (15 %% среднего или крупнейший дом)' % (
                 len(new), len(managers), _num(result.mean), _num(result.allowed))]
    for m in managers:
        lines.append('  %-32s перспективных %5d (%s%s от среднего)%s' % (
            m, result.loads[m], '+' if result.deviation(m) >= 0 else '−', _num(abs(result.deviation(m))),
            '' if result.within(m) else ' — вне допуска'))
    if result.split_districts:
        lines.append('Разделены между менеджерами (иначе не уложиться в допуск): %s'
                     % ', '.join(result.split_districts))
    else:
        lines.append('Каждый район целиком у одного менеджера.')
    path = output_path(operator_dir, PROPOSAL_FILE)
    if dry_run:
        lines.append('проверка: книга %s не записана' % operator_folder.shown(path, operator_dir))
    else:
        write_proposal(path, result, managers)
        lines.append('Предложение: %s — проверьте столбец «%s» (можно исправить) и примите его: '
                     'b2bkit territory accept' % (operator_folder.shown(path, operator_dir), PROPOSED_HEADER))
    lines += ['Ошибка: ' + str(p) for p in problems[:20]]
    return lines


def write_proposal(path, result, managers):
    book = Book(path, 'Распределение территории', 'Активные продажи юрлицам')
    s = book.sheet(PROPOSAL_SHEET)
    s.text((0, 0), 'Предложение: распределение домов между менеджерами', TITLE)
    s.text((1, 0), 'жёлтый столбец — менеджер по предложению; исправьте, если нужно, и выполните '
                   '«b2bkit territory accept»', HINT)
    frame = result.frame[result.frame['coverage'].isin(split_mod.ASSIGNABLE)].sort_values(['district', 'address'])
    records = [dict(r, status='новый' if r['new'] else 'уже закреплён') for r in frame.to_dict('records')]
    cols = [('Адрес', 'address', 'text', 30), ('Район', 'district', 'text', 16), ('Покрытие', 'coverage', 'text', 10),
            ('Квартир', 'households', 'int', 9), ('Перспективных', 'prospects', 'int', 12),
            ('Менеджер сейчас', 'manager', 'text', 24), ('Что', 'status', 'text', 13),
            (PROPOSED_HEADER, 'proposed', 'text', 26)]
    end = table(s, 3, cols, records)
    yellow = {'bg_color': '#FFF2CC', 'border': 1, 'border_color': '#BFBFBF', 'font_name': 'Calibri'}
    for i, r in enumerate(records):
        s.text((4 + i, len(cols) - 1), r['proposed'], yellow)
    if records:
        s.ws.data_validation(4, len(cols) - 1, end - 1, len(cols) - 1, {
            'validate': 'list', 'source': list(managers)[:40], 'error_type': 'warning',
            'error_title': 'Менеджер', 'error_message': 'Такого менеджера нет в списке; оставить?'})
    s.ws.freeze_panes(4, 1)
    print_wide(s)
    s.ws.autofilter(3, 0, max(3, end - 1), len(cols) - 1)
    t = book.sheet('Итоги')
    t.text((0, 0), 'Перспективные организации по менеджерам после распределения', TITLE)
    t.text((1, 0), 'в среднем %s; допуск ±%s — 15 %% среднего или перспективные крупнейшего дома'
           % (_num(result.mean), _num(result.allowed)), HINT)
    rows = [{'manager': m, 'prospects': result.loads[m], 'deviation': result.deviation(m),
             'share': result.deviation(m) / result.mean if result.mean else None,
             'ok': 'да' if result.within(m) else 'нет'} for m in managers]
    table(t, 3, COLUMNS['split'], rows)
    book.close()
    return path


def accept_command(operator_dir, proposal=None):
    """Write the proposal's managers into the territory register; Russian lines."""
    from .table import xlsx_rows
    proposal = Path(proposal) if proposal else output_path(operator_dir, PROPOSAL_FILE)
    if not proposal.exists():
        raise UserError('нет файла предложения %s; сначала выполните «b2bkit territory split»' % proposal)
    _, rows = xlsx_rows(proposal, PROPOSAL_SHEET)
    header_at = next((i for i, r in enumerate(rows[:10]) if PROPOSED_HEADER in r and 'Адрес' in r), None)
    if header_at is None:
        raise UserError('%s: нет столбцов «Адрес» и «%s»' % (proposal.name, PROPOSED_HEADER))
    header = rows[header_at]
    a, m = header.index('Адрес'), header.index(PROPOSED_HEADER)
    wanted = {}
    for r in rows[header_at + 1:]:
        if len(r) > max(a, m) and str(r[a]).strip():
            wanted[matching.address_key(r[a])] = str(r[m]).strip()
    where = registers.find(operator_dir, registers.TERRITORY)
    if where is None:
        raise UserError('нет реестра территории (%s/%s.xlsx)' % (registers.SALES_DIR, registers.TERRITORY.name))
    path, sheet = where
    changed = (_accept_csv if path.suffix.lower() == '.csv' else _accept_xlsx)(path, sheet, wanted)
    return ['Реестр территории %s: менеджер записан в %d домах' % (operator_folder.shown(path, operator_dir), changed)]


def _columns(header_cells):
    keys = {normalise_header(c.header): c.key for c in registers.TERRITORY.columns}
    return {keys[normalise_header(v)]: i for i, v in enumerate(header_cells)
            if isinstance(v, str) and normalise_header(v) in keys}


def _accept_xlsx(path, sheet, wanted):
    import openpyxl
    from .. import files
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet] if sheet in wb.sheetnames else wb.worksheets[0]
    header_row = idx = None
    for r in range(1, 11):
        idx = _columns([c.value for c in ws[r]])
        if 'address' in idx:
            header_row = r
            break
    if header_row is None:
        raise UserError('%s: нет столбца «Адрес»' % path.name)
    if 'manager' not in idx:
        col = ws.max_column + 1
        ws.cell(header_row, col, 'Менеджер')
        idx['manager'] = col - 1
    changed = 0
    for r in range(header_row + 1, ws.max_row + 1):
        key = matching.address_key(ws.cell(r, idx['address'] + 1).value)
        cell = ws.cell(r, idx['manager'] + 1)
        if key in wanted and wanted[key] and (cell.value or '') != wanted[key]:
            cell.value = wanted[key]
            changed += 1
    with files.replacing(path) as tmp:
        wb.save(tmp)
    return changed


def _accept_csv(path, sheet, wanted):
    from .. import files
    encoding, delimiter = sniff(path.read_bytes())
    rows = csv_rows(path)
    idx = _columns(rows[0]) if rows else {}
    if 'address' not in idx:
        raise UserError('%s: нет столбца «Адрес»' % path.name)
    if 'manager' not in idx:
        rows[0].append('Менеджер')
        idx['manager'] = len(rows[0]) - 1
    changed = 0
    for row in rows[1:]:
        while len(row) <= idx['manager']:
            row.append('')
        key = matching.address_key(row[idx['address']])
        if key in wanted and wanted[key] and row[idx['manager']] != wanted[key]:
            row[idx['manager']] = wanted[key]
            changed += 1
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator='\r\n').writerows(rows)
    files.write_bytes(path, out.getvalue().encode(encoding))
    return changed


def _num(d):
    from .. import textfmt
    return textfmt.number(d, 1)
