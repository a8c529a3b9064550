"""Territory: directory list against the clients, prospects per building and manager, the split
proposal (districts kept whole, prospects within the tolerance) and accepting it."""

import datetime

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings as hsettings, strategies as st
from python_calamine import CalamineWorkbook

from jobs import cli, operator_folder
from jobs.demo_data import write_register_xlsx
from jobs.sales import registers, split as split_mod, territory

D = datetime.date
INN_A, INN_B = '7707083893', '7736207543'
IVANOVA, PETROV = 'Иванова А. С.', 'Петров Д. Н.'


def client_row(code, name, inn, address):
    return (code, name, inn, None, None, 'Д-' + code, None, 'buh@%s.ru' % code.lower(), None,
            IVANOVA, 'малый', 'Интернет', None, D(2025, 1, 10), None, None, None, address)


def write_sheet(path, name, header, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = name
    ws.append(header)
    for r in rows:
        ws.append(r)
    ws['A1'].fill = openpyxl.styles.PatternFill('solid', fgColor='FFC000')   # the user's own formatting
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


# Clients: K1 «Альфа» at Ленина 5 (ИНН A), K2 «Бета» at Мира 7 (ИНН B).
# Directory list: «АЛЬФА ООО» at «Ленина ул., 5» with ИНН A → client K1 by ИНН;
#   «Бета» at «г. Энск, ул. Мира, 7» without ИНН → K2 by name and address;
#   «Бета» at Ленина 5 (another address) and «ИП Ёлкин» at Ленина 5 → not clients.
# Buildings and prospects:
#   Ленина 5   есть      Иванова  list: 3 organisations, 1 client → 2 prospects
#   Мира 7     есть      Иванова  list: 1 organisation, the client → 0 (the count 4 is not used: the list wins)
#   Садовая 1  есть      —        30 000 households → ROUND(30 000 × 1 000 / 20 000) = 1 500, no clients → 1 500
#   Победы 2   нет       —        count 10 → 10, but out of coverage
#   Гагарина 3 строится  —        count 5 → 5
@pytest.fixture
def folder(operator_dir):
    write_register_xlsx(operator_dir / operator_folder.REGISTER_FILE, [
        client_row('K1', 'ООО «Альфа»', INN_A, '123456, г. Энск, ул. Ленина, д. 5'),
        client_row('K2', 'ООО "Бета"', INN_B, 'г. Энск, ул. Мира, д. 7')])
    sales = operator_dir / registers.SALES_DIR
    write_sheet(sales / 'Территория.xlsx', 'Территория',
                ['Адрес', 'Район', 'Квартир', 'Организаций', 'Покрытие', 'Менеджер'], [
                    ['ул. Ленина, д. 5', 'Центр', 100, None, 'есть', IVANOVA],
                    ['ул. Мира, д. 7', 'Центр', 80, 4, 'есть', IVANOVA],
                    ['ул. Садовая, д. 1', 'Север', 30000, None, 'есть', None],
                    ['ул. Победы, д. 2', 'Юг', 50, 10, 'нет', None],
                    ['ул. Гагарина, д. 3', 'Юг', 60, 5, 'строится', None]])
    write_sheet(sales / 'Организации.xlsx', 'Организации', ['Наименование', 'Адрес', 'Рубрика', 'Телефон', 'ИНН'], [
        ['АЛЬФА ООО', 'Ленина ул., 5', 'Офис', '', INN_A],
        ['Бета', 'г. Энск, ул. Мира, 7', 'Кафе', '', None],
        ['ООО «Бета»', 'ул. Ленина, 5', 'Кафе', '', None],
        ['ИП Ёлкин И. И.', 'Ленина 5', 'Магазин', '+7 900 000-00-00', None]])
    return operator_dir


def test_prospects_per_building_and_manager(folder, capsys):
    from jobs import settings as settings_mod
    frame, matched, problems, _ = territory.load(folder, settings_mod.load(folder))
    assert problems == []
    assert list(matched['client']) == ['K1', 'K2', '', '']
    assert list(matched['matched_by']) == ['ИНН', 'наименование и адрес', '', '']
    by = frame.set_index('address')
    assert list(by['prospects']) == [2, 0, 1500, 10, 5]
    assert list(by['basis']) == ['список', 'список', 'оценка 20 000 : 1 000', 'число в реестре', 'число в реестре']
    assert list(by['clients']) == [1, 1, 0, 0, 0]
    rows = {r['manager']: r for r in territory.per_manager(frame)}
    assert (rows[IVANOVA]['buildings'], rows[IVANOVA]['prospects']) == (2, 2)
    assert rows['(не распределено)']['prospects'] == 1500
    assert rows['Всего в покрытии']['prospects'] == 1502

    assert cli.main(['territory', '--dir', str(folder)]) == 0
    out = capsys.readouterr().out
    assert 'Список организаций: 4, из них уже клиенты 2' in out
    path = territory.output_path(folder, territory.PROSPECTS_FILE)
    assert CalamineWorkbook.from_path(str(path)).sheet_names == ['Дома', 'По менеджерам', 'Организации']


def frame_of(districts, manager=''):
    """A territory frame: {district: [prospects of each building]}."""
    rows = []
    for d, weights in districts.items():
        for i, w in enumerate(weights):
            rows.append({'address': '%s %d' % (d, i), 'district': d, 'manager': manager, 'prospects': w,
                         'coverage': 'есть'})
    return pd.DataFrame(rows)


def test_split_keeps_districts_whole_when_that_balances():
    # total 120, mean 60; Север 60 → Иванова, Юг 40 → Петров, Запад 20 → Петров (the lighter one): 60 / 60
    r = split_mod.split(frame_of({'Север': [30, 20, 10], 'Юг': [25, 15], 'Запад': [20]}), [IVANOVA, PETROV])
    assert r.loads == {IVANOVA: 60, PETROV: 60} and r.split_districts == []
    assert dict(zip(r.frame['district'], r.frame['proposed'])) == {'Север': IVANOVA, 'Юг': PETROV, 'Запад': PETROV}
    # tolerance: max(15 % of 60 = 9; the largest building 30) = 30
    assert r.allowed == 30 and r.balanced


def test_split_cuts_a_district_only_when_balance_requires():
    # one district of six buildings of 10: mean 30, tolerance max(4,5; 10) = 10 — no one may take 60
    r = split_mod.split(frame_of({'Один': [10] * 6}), [IVANOVA, PETROV])
    assert r.split_districts == ['Один']
    assert r.loads == {IVANOVA: 30, PETROV: 30}


def test_split_gives_a_district_to_the_manager_already_there():
    f = frame_of({'Центр': [10, 10]})
    f.loc[0, 'manager'] = PETROV
    f = pd.concat([f, frame_of({'Север': [12]})], ignore_index=True)
    # mean (10 + 10 + 12) / 2 = 16, tolerance 12: Петров holds Центр 10 and takes its other building (20 ≤ 28)
    r = split_mod.split(f, [IVANOVA, PETROV])
    assert list(r.frame['proposed']) == [PETROV, PETROV, IVANOVA]


districts = st.dictionaries(st.sampled_from(['Центр', 'Север', 'Юг', 'Запад', 'Восток', 'Заречье']),
                            st.lists(st.integers(0, 60), min_size=1, max_size=8), min_size=1, max_size=6)


@hsettings(max_examples=60, deadline=None)
@given(districts, st.integers(2, 5))
def test_split_properties(plan, n):
    managers = ['М%d' % i for i in range(n)]
    r = split_mod.split(frame_of(plan), managers)
    f = r.frame
    # every building has one of the managers, and the loads are what the frame says
    assert set(f['proposed']) <= set(managers)
    assert {m: int(f[f['proposed'] == m]['prospects'].sum()) for m in managers} == r.loads
    # a district not reported as split is with one manager
    for d, g in f.groupby('district'):
        if d not in r.split_districts:
            assert g['proposed'].nunique() == 1, (d, plan)
    # the stated tolerance holds: within 15 % of the mean or one building's prospects
    assert r.balanced, (r.loads, r.mean, r.allowed, plan)
    # when every district fits within the tolerance, none is split
    if all(sum(w) <= r.allowed for w in plan.values()):
        assert r.split_districts == []


def test_split_command_writes_a_proposal_and_accept_writes_it_back(folder, capsys):
    path = folder / 'settings.toml'
    path.write_text(path.read_text(encoding='utf-8').replace('managers = []', 'managers = ["%s", "%s"]'
                                                              % (IVANOVA, PETROV)), encoding='utf-8')
    assert cli.main(['territory', 'split', '--dir', str(folder)]) == 0
    out = capsys.readouterr().out
    # in coverage or being built: 2 + 0 + 1 500 + 5 = 1 507 → mean 753,5; Садовая (1 500) is one building
    assert 'новых домов 2, менеджеров 2; в среднем перспективных на менеджера 753,5, допуск ±1 500,0' in out
    proposal = territory.output_path(folder, territory.PROPOSAL_FILE)
    rows = CalamineWorkbook.from_path(str(proposal)).get_sheet_by_name('Предложение').to_python()
    header = rows[3]
    proposed = {r[0]: r[header.index('Менеджер (предложение)')] for r in rows[4:] if r and r[0]}
    # Садовая (Север, 1 500) goes to Петров (the lighter), Гагарина (Юг, 5) to Иванова (2 < 1 500)
    assert proposed == {'ул. Ленина, д. 5': IVANOVA, 'ул. Мира, д. 7': IVANOVA, 'ул. Садовая, д. 1': PETROV,
                        'ул. Гагарина, д. 3': IVANOVA}
    assert cli.main(['territory', 'accept', '--dir', str(folder)]) == 0
    assert 'менеджер записан в 2 домах' in capsys.readouterr().out
    wb = openpyxl.load_workbook(folder / registers.SALES_DIR / 'Территория.xlsx')
    ws = wb['Территория']
    assert [c.value for c in ws['F']][1:] == [IVANOVA, IVANOVA, PETROV, None, IVANOVA]
    assert ws['A1'].fill.fgColor.rgb.endswith('FFC000')     # edited in place: the user's formatting stays


def test_duplicate_building_is_a_row_problem(folder):
    path = folder / registers.SALES_DIR / 'Территория.xlsx'
    write_sheet(path, 'Территория', ['Адрес', 'Покрытие'], [['ул. Ленина, д. 5', 'есть'], ['Ленина ул., 5', 'есть'],
                                                           ['ул. Мира, 7', 'да']])
    t = registers.load(folder, registers.TERRITORY)
    assert [str(p) for p in t.problems] == [
        'Территория.xlsx, лист «Территория», строка 4, столбец «Покрытие»: «да» — ожидается одно из значений: '
        'есть, нет, строится',
        'Территория.xlsx, лист «Территория», строка 3, столбец «Адрес»: «Ленина ул., 5» — этот дом уже есть в строке 2',
    ]
    assert list(t.frame['address']) == ['ул. Ленина, д. 5']
