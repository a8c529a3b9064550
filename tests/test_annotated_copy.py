"""``b2bkit check`` marks the bad cells in a copy of the operator's own register
(jobs/registers/annotated_copy.py), read back with openpyxl as the accountant opens it."""

import datetime
import hashlib

import openpyxl
import pytest
from openpyxl.styles import Font

from jobs import cli, demo_data, operator_folder
from jobs.registers import schema

TODAY = datetime.date(2026, 11, 16)
RED, YELLOW = 'FFC7CE', 'FFEB9C'


def _fill(cell):
    return (cell.fill.start_color.rgb or '')[-6:] if cell.fill and cell.fill.fill_type == 'solid' else ''


def _check(folder, capsys):
    code = cli.main(['check', '--dir', str(folder)])
    return code, capsys.readouterr().out


@pytest.fixture
def spoiled(tmp_path):
    """A demo register the way registers get spoiled in real life, with the operator's formatting."""
    folder = tmp_path / 'op'
    operator_folder.init(folder, demo=True, today=TODAY, clients=10, months=2)
    path = folder / operator_folder.REGISTER_FILE
    wb = openpyxl.load_workbook(path)
    clients, charges = wb['Клиенты'], wb['Начисления']
    assert clients['C2'].value == '0257654319' and clients['I1'].value == 'Телефон для SMS'
    clients['C2'].value = '257654319'         # ИНН pasted from a program that dropped its zero
    charges['A3'].value = 1                   # client code «00001» typed as the number 1
    clients.merge_cells('J4:J5')              # the same manager for two rows, merged
    clients['I1'].value = 'Телефон для СМС'   # a typo in an optional header
    clients['B3'].font = Font(name='Arial', bold=True, color='FF0000FF')   # the operator's own look
    clients.column_dimensions['B'].width = 51
    wb.save(path)
    return folder, hashlib.sha256(path.read_bytes()).hexdigest()


def test_bad_cells_are_red_with_the_message_and_a_hint_in_a_comment(spoiled, capsys):
    folder, digest = spoiled
    code, out = _check(folder, capsys)
    assert code == 1
    copy = folder / 'Выгрузка' / 'Реестр юрлиц — проверка.xlsx'
    assert 'Ошибки отмечены в ячейках' in out and str(copy) in out
    assert 'Внимание: Реестр юрлиц.xlsx, лист «Клиенты», строка 1, столбец «Телефон для СМС»' in out
    assert '«Телефон для SMS»' in out

    wb = openpyxl.load_workbook(copy)
    clients, charges = wb['Клиенты'], wb['Начисления']
    inn = clients['C2']
    assert _fill(inn) == RED
    assert 'ИНН' in inn.comment.text and 'потерян ведущий ноль: «0257654319» — верный ИНН' in inn.comment.text
    code_cell = charges['A3']
    assert _fill(code_cell) == RED and 'записан числом' in code_cell.comment.text
    # the merged manager: the required-field problem of row 5, noted on the merge's first cell
    manager = clients['J4']
    assert _fill(manager) == RED
    assert 'Строка 5, ячейка J5' in manager.comment.text and 'объединённые ячейки J4:J5' in manager.comment.text
    header = clients['I1']
    assert _fill(header) == YELLOW and '«Телефон для SMS»' in header.comment.text
    # good cells are untouched, and the operator's formatting is kept
    assert clients['C3'].comment is None and _fill(clients['C3']) != RED
    assert clients['B3'].font.name == 'Arial' and clients['B3'].font.bold
    assert clients['B3'].font.color.rgb == 'FF0000FF'
    assert clients.column_dimensions['B'].width == 51
    assert clients['C3'].value == '0257654319'
    # the operator's own file is not touched
    source = folder / operator_folder.REGISTER_FILE
    assert hashlib.sha256(source.read_bytes()).hexdigest() == digest


def test_clean_register_has_no_copy_and_an_old_copy_goes(tmp_path, capsys):
    folder = tmp_path / 'op'
    operator_folder.init(folder, demo=True, today=TODAY, clients=10, months=2)
    stale = folder / 'Выгрузка' / 'Реестр юрлиц — проверка.xlsx'
    stale.write_bytes(b'old marks')
    code, out = _check(folder, capsys)
    assert code == 0 and 'Ошибки отмечены' not in out
    assert not stale.exists()


def test_csv_register_gets_an_xlsx_copy_with_the_cells_as_text(tmp_path, capsys):
    folder = tmp_path / 'csv'
    operator_folder.init(folder, demo=True, today=TODAY, clients=6, months=2)
    data = demo_data.generate(6, 2, TODAY, seed=3)
    (folder / operator_folder.REGISTER_FILE).unlink()
    clients = [list(c) for c in data.clients]
    inn_at = [c.key for c in schema.CLIENTS.columns].index('inn')
    good = clients[0][inn_at]
    assert good.isdigit()
    # what Excel does to a CSV it opened and saved: «0274060114» → «274060114»
    clients[1][inn_at] = '274060114'
    demo_data.write_csv(folder / operator_folder.CLIENTS_CSV, schema.CLIENTS, clients)
    demo_data.write_csv(folder / operator_folder.CHARGES_CSV, schema.CHARGES, data.charges)
    demo_data.write_csv(folder / operator_folder.PAYMENTS_CSV, schema.PAYMENTS, data.payments)
    code, out = _check(folder, capsys)
    assert code == 1
    copy = folder / 'Выгрузка' / 'Клиенты — проверка.xlsx'
    assert 'копия CSV в xlsx' in out and copy.exists()
    ws = openpyxl.load_workbook(copy).worksheets[0]
    cell = ws.cell(3, inn_at + 1)               # header row 1, the second client on row 3
    assert cell.value == '274060114' and _fill(cell) == RED
    assert 'потерян ведущий ноль: «0274060114»' in cell.comment.text
    assert 'CSV открыли и сохранили в Excel' in cell.comment.text
    # every cell is text as in the file: identifiers keep their zeros
    assert ws.cell(2, 1).value == clients[0][0] and ws.cell(2, 1).number_format == '@'
    assert ws.cell(2, inn_at + 1).comment is None
