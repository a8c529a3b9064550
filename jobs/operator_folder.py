"""The operator folder (папка оператора): names of its files and folders, and ``init``.

::

    settings.toml              настройки (TOML, с комментариями)
    Реестр юрлиц.xlsx          реестр: листы «Клиенты», «Начисления», «Оплаты»
      (or Клиенты.csv, Начисления.csv, Оплаты.csv instead of the workbook)
    Начисления/                начисления помесячными файлами (*.xlsx, *.csv), optional
    Оплаты/                    оплаты помесячными файлами (*.xlsx, *.csv), optional
    Выписки/                   банковские выписки 1CClientBankExchange (*.txt)
    Выгрузка/                  what the kit produces: check reports, debtor reports, documents
    Зарплата отдела продаж.xlsx  the payroll with payslip e-mails and passwords (jobs.payslips), optional
    b2bkit.sqlite3             state database (jobs.state)
"""

import datetime
from pathlib import Path

from . import files, state
from . import settings as settings_mod
from .errors import UserError
from .folder_names import (CHARGES_CSV, CHARGES_DIR, CHECK_REPORT, CLIENTS_CSV, OUTPUT_DIR,  # noqa: F401
                           PAYMENTS_CSV, PAYMENTS_DIR, STATEMENTS_DIR)
from .registers import schema

SETTINGS_FILE = settings_mod.SETTINGS_FILE
REGISTER_FILE = schema.REGISTER_FILE


def output_dir(operator_dir):
    """The output folder, created if missing."""
    path = Path(operator_dir) / OUTPUT_DIR
    path.mkdir(parents=True, exist_ok=True)
    return path


def shown(path, operator_dir):
    """*path* as a summary line shows it: relative to the operator folder when inside it."""
    try:
        return str(Path(path).relative_to(operator_dir))
    except ValueError:
        return str(path)


def write_empty_register(path):
    """The empty register workbook: the template of :mod:`jobs.workbooks.register`."""
    from .workbooks.register import build_register
    build_register(path)


def init(directory, demo=False, today=None, seed=1, clients=200, months=14):
    """Create the operator folder *directory*; with *demo*, fill it with sample data.

    Refuses (UserError) to overwrite existing settings or a register. Returns a
    list of Russian lines describing what was created.
    """
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise UserError('%s — это файл, а не папка' % directory)
    existing = [n for n in (SETTINGS_FILE, REGISTER_FILE, CLIENTS_CSV) if (directory / n).exists()]
    if existing:
        raise UserError('в папке %s уже есть %s; чтобы не затереть данные, выберите пустую папку '
                        'или удалите эти файлы вручную' % (directory, ', '.join('«%s»' % n for n in existing)))
    directory.mkdir(parents=True, exist_ok=True)
    text = settings_mod.template_text()
    if not demo:
        # the template's requisites are the demo company's: a real operator starts from empty ones,
        # which `check` flags and every job that prints or sends them refuses
        from .requisites import blank_company
        text = blank_company(text)
    for name in (STATEMENTS_DIR, OUTPUT_DIR, CHARGES_DIR, PAYMENTS_DIR):
        (directory / name).mkdir(exist_ok=True)
    lines = ['Создана папка оператора %s:' % directory,
             '  %s — настройки (заполните реквизиты, почту и расписание)' % SETTINGS_FILE]
    if demo:
        from . import demo_data       # stdnum and the generators: only when asked for
        settings = settings_mod.load_text(text, str(directory / SETTINGS_FILE))
        data = demo_data.generate(clients, months, today or datetime.date.today(), seed)
        statement = demo_data.write_demo_folder(directory, data, settings.company)
        lines += ['  %s — пример реестра: %d клиентов, %d начислений, %d оплат'
                  % (REGISTER_FILE, len(data.clients), len(data.charges), len(data.payments)),
                  '  %s/%s — пример банковской выписки (загрузите: b2bkit import-bank)'
                  % (STATEMENTS_DIR, statement.name)]
        from .workbooks.payroll import write_demo_payroll
        lines.append(write_demo_payroll(directory))
        from .sales import demo as sales_demo
        lines += sales_demo.write(directory, data, seed)
    else:
        write_empty_register(directory / REGISTER_FILE)
        lines.append('  %s — пустой реестр клиентов (листы «Клиенты», «Начисления», «Оплаты»)' % REGISTER_FILE)
    from .paper import tariffs
    lines.append(tariffs.write_for_init(directory, demo))
    lines += ['  %s/ — банковские выписки в формате 1С (1CClientBankExchange)' % STATEMENTS_DIR,
              '  %s/, %s/ — начисления и оплаты помесячными файлами (по желанию)' % (CHARGES_DIR, PAYMENTS_DIR),
              '  %s/ — отчёты и документы программы' % OUTPUT_DIR]
    db = state.connect(directory)
    db.close()
    # settings last: a failed init leaves no settings behind, so it can simply be run again
    files.write_bytes(directory / SETTINGS_FILE, text.encode('utf-8'))
    lines.append('  %s — база состояния программы' % state.STATE_FILE)
    return lines
