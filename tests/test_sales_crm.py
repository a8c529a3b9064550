"""CRM deals export (Bitrix24 / amoCRM) → the pipeline register: cp1251, Cyrillic headers, row-exact
Russian messages, a re-import replacing deals by their number."""

import datetime

import pytest
from python_calamine import CalamineWorkbook

from jobs import cli
from jobs.errors import UserError
from jobs.sales import registers

D = datetime.date

# A Bitrix24 deals export as it comes: cp1251, «;», Cyrillic headers, date-times, amounts with spaces.
# Rows as a spreadsheet shows them: header row 1, deals from row 2.
BITRIX = (
    'ID;Название сделки;Стадия сделки;Компания;ИНН;Ответственный;Сумма;Дата создания;Дата изменения;Источник\r\n'
    '101;Интернет в офис;Новая;ООО «Ромашка»;7707083893;Иванова А. С.;15 000,00;02.11.2026 10:15:00;'
    '02.11.2026 10:15:00;Звонок\r\n'                                                               # 2: ok
    '102;ТВ в кафе;В работе;ИП Ёлкин И. И.;;Петров Д. Н.;4500;03.11.2026 09:00:00;10.11.2026 17:40:00;Сайт\r\n'  # 3
    '103;Офис;Думают;ООО «Сигма»;;Иванова А. С.;1000;03.11.2026;05.11.2026;\r\n'         # 4: unknown stage
    '104;Склад;Новая;ООО «Вектор»;7707083894;Иванова А. С.;1000;04.11.2026;04.11.2026;\r\n'  # 5: bad checksum
    '105;Магазин;Сделка провалена;ООО «Гранит»;;Петров Д. Н.;2 000;31.11.2026;06.11.2026;\r\n'  # 6: bad date
    '106;Аптека;Сделка успешна;ООО «Фарма»;7736207543;Петров Д. Н.;много;01.11.2026;30.11.2026;\r\n'  # 7: bad sum
    '107;Кафе;Сделка успешна;;;Петров Д. Н.;1000;01.11.2026;30.11.2026;\r\n'              # 8: no company
    '108;Пекарня;Сделка провалена;ООО «Хлеб»;;Петров Д. Н.;3000;01.11.2026;20.11.2026;\r\n'  # 9: ok, lost
)

EXPECTED_PROBLEMS = [
    'Ошибка: export.csv, строка 4, столбец «Стадия сделки»: «Думают» — стадия CRM не сопоставлена стадии '
    'воронки: добавьте её в settings.toml, раздел [sales.crm_stages], например "думают" = "встреча"',
    'Ошибка: export.csv, строка 5, столбец «ИНН»: «7707083894» — неверная контрольная сумма ИНН',
    'Ошибка: export.csv, строка 6, столбец «Дата создания»: «31.11.2026» — такой даты нет; '
    'ожидается дата ДД.ММ.ГГГГ',
    'Ошибка: export.csv, строка 7, столбец «Сумма»: «много» — ожидается сумма в рублях, например 12 345,50',
    'Ошибка: export.csv, строка 8, столбец «Компания»: не заполнено',
]


def pipeline_rows(folder):
    rows = CalamineWorkbook.from_path(str(folder / registers.SALES_DIR / 'Воронка.xlsx')) \
        .get_sheet_by_name('Воронка').to_python()
    header = rows[0]
    return [dict(zip(header, r)) for r in rows[1:]]


def test_bitrix24_export_in_cp1251_imports_with_row_exact_problems(operator_dir, capsys):
    export = operator_dir / 'export.csv'
    export.write_bytes(BITRIX.encode('cp1251'))
    assert cli.main(['sales', 'import', str(export), '--dir', str(operator_dir)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ('Выгрузка export.csv (bitrix24): сделок прочитано 3, с ошибками 5; в воронке заменено 0, '
                      'добавлено 3, всего 3')
    assert out[2:] == EXPECTED_PROBLEMS
    rows = pipeline_rows(operator_dir)
    assert [r['№ сделки'] for r in rows] == ['101', '102', '108']
    first, second, lost = rows
    # «Новая» → контакт on the creation date; the amount is the expected monthly fee
    assert first['Организация'] == 'ООО «Ромашка»' and first['ИНН'] == '7707083893'
    assert first['Стадия'] == 'контакт' and first['Дата контакта'] == D(2026, 11, 2)
    assert first['Ожидаемая абонплата'] == 15000
    # «В работе» → встреча, dated by the last change
    assert second['Стадия'] == 'встреча' and second['Дата встречи'] == D(2026, 11, 10)
    assert second['Организация'] == 'ИП Ёлкин И. И.'
    # «Сделка провалена» without a reason column value → отказ with a stated reason
    assert lost['Стадия'] == 'отказ' and lost['Дата отказа'] == D(2026, 11, 20)
    assert lost['Причина отказа'] == 'не указана в CRM'
    # the register reads back clean
    table = registers.load(operator_dir, registers.PIPELINE)
    assert table.problems == [] and len(table.frame) == 3


def test_reimport_replaces_deals_by_number_and_keeps_earlier_stage_dates(operator_dir, capsys):
    export = operator_dir / 'export.csv'
    export.write_bytes(BITRIX.encode('cp1251'))
    cli.main(['sales', 'import', str(export), '--dir', str(operator_dir)])
    # a week later deal 102 moved on to «Подготовка документов» (КП); 109 is new
    later = ('ID;Стадия сделки;Компания;Ответственный;Сумма;Дата создания;Дата изменения\r\n'
             '102;Подготовка документов;ИП Ёлкин И. И.;Петров Д. Н.;4500;03.11.2026;17.11.2026\r\n'
             '109;Новая;ООО «Орион»;Иванова А. С.;;18.11.2026;18.11.2026\r\n')
    export.write_bytes(later.encode('cp1251'))
    capsys.readouterr()
    assert cli.main(['sales', 'import', str(export), '--dir', str(operator_dir)]) == 0
    assert capsys.readouterr().out.startswith('Выгрузка export.csv (bitrix24): сделок прочитано 2, с ошибками 0; '
                                              'в воронке заменено 1, добавлено 1, всего 4')
    rows = {r['№ сделки']: r for r in pipeline_rows(operator_dir)}
    assert list(rows) == ['101', '102', '108', '109']
    assert rows['102']['Стадия'] == 'КП' and rows['102']['Дата КП'] == D(2026, 11, 17)
    assert rows['102']['Дата встречи'] == D(2026, 11, 10)        # kept from the first import
    assert rows['102']['Источник'] == 'Сайт'


def test_amocrm_mapping_from_settings_utf8(operator_dir, capsys):
    export = operator_dir / 'amo.csv'
    export.write_text('ID;Этап сделки;Компания;Ответственный;Бюджет;Дата создания;Дата изменения;Ближайшая задача\n'
                      '7;Переговоры;ООО «Альфа»;Иванова А. С.;12 000;01.12.2026;05.12.2026;позвонить\n',
                      encoding='utf-8-sig')
    assert cli.main(['sales', 'import', str(export), '--crm', 'amocrm', '--dir', str(operator_dir)]) == 0
    (row,) = pipeline_rows(operator_dir)
    assert row['Стадия'] == 'встреча' and row['Ожидаемая абонплата'] == 12000
    assert row['Следующее действие'] == 'позвонить'


def test_export_without_the_mapped_columns_is_a_file_error(operator_dir):
    from jobs import settings as settings_mod
    from jobs.sales import config, crm
    export = operator_dir / 'x.csv'
    export.write_bytes('Название;Статус\r\nа;б\r\n'.encode('cp1251'))
    cfg = config.from_settings(settings_mod.load(operator_dir))
    with pytest.raises(UserError, match=r'x\.csv: не найдена строка заголовков выгрузки bitrix24; нужны столбцы '
                                        r'«Компания» \(ключ organisation\), «Стадия сделки» \(ключ stage\)'):
        crm.import_export(operator_dir, export, cfg)
