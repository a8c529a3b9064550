"""The tariff grid (тарифная сетка): ``Тарифы.xlsx`` in the operator folder.

Sheet «Тарифы» — one row per tariff: Услуга, Тариф, Скорость / пакет,
Абонплата (руб. в месяц, с НДС), Подключение (руб.), Сегмент (малый, средний,
крупный). Sheet «Оборудование» — what is installed for a service: Услуга,
Оборудование, Модель, Стоимость (руб., for the acceptance and return acts).
``b2bkit init`` writes the empty grid, ``init --demo`` a filled one.

Which tariff a client has: the register holds the service and the monthly
fee, not the tariff's name. The client's tariff is the grid row of its service
and segment with that fee; when none has exactly that fee (an individual
price), the dearest row not dearer than the fee (else the cheapest row), and
the document prints the register's fee. The upsell (ARPU-raising offer) is the
next dearer tariff of the same service and segment; for a client already on
the top tariff, the cheapest tariff of another service it does not take.

>>> grid = Grid(tariffs=[Tariff('Интернет', 'Бизнес 100', '100 Мбит/с', Decimal('2500'), Decimal('0'), 'малый'),
...                     Tariff('Интернет', 'Бизнес 200', '200 Мбит/с', Decimal('3900'), Decimal('0'), 'малый')])
>>> grid.tariff_of('Интернет', 'малый', Decimal('2700')).name
'Бизнес 100'
>>> grid.upsell(grid.tariff_of('Интернет', 'малый', Decimal('2500'))).name
'Бизнес 200'
"""

from collections import namedtuple
from decimal import Decimal
from pathlib import Path

from .. import data_files
from ..errors import UserError
from ..registers import schema, values
from ..registers.xlsx import find_sheet, open_workbook

GRID_FILE = 'Тарифы.xlsx'
TARIFFS_SHEET = 'Тарифы'
EQUIPMENT_SHEET = 'Оборудование'

Tariff = namedtuple('Tariff', 'service name speed fee connection segment')
Equipment = namedtuple('Equipment', 'service name model value')

TARIFF_COLUMNS = (('service', 'Услуга', 16), ('name', 'Тариф', 26), ('speed', 'Скорость / пакет', 22),
                  ('fee', 'Абонплата, руб. в месяц', 16), ('connection', 'Подключение, руб.', 16),
                  ('segment', 'Сегмент', 12))
EQUIPMENT_COLUMNS = (('service', 'Услуга', 16), ('name', 'Оборудование', 34), ('model', 'Модель', 26),
                     ('value', 'Стоимость, руб.', 16))
#: Order in which another service is offered to a client on its service's top tariff.
CROSS_SELL = ('Видеонаблюдение', 'ТВ', 'Телефония', 'Интернет')

#: The demo grid (``jobs/data/demo_tariffs.toml``).
DEMO_TARIFFS = [Tariff(s, n, sp, Decimal(fee), Decimal(conn), seg)
                for s, n, sp, fee, conn, seg in data_files.load('demo_tariffs')['tariffs']]
DEMO_EQUIPMENT = [Equipment(s, n, m, Decimal(v)) for s, n, m, v in data_files.load('demo_tariffs')['equipment']]


class Grid:
    """The grid's tariffs and equipment (lists in file order)."""

    def __init__(self, tariffs=(), equipment=(), path=None):
        self.tariffs, self.equipment, self.path = list(tariffs), list(equipment), path

    def of_segment(self, segment, service=None):
        """Tariffs of *segment* (and *service*): services in file order, each cheapest first."""
        seg = schema.normalise_header(segment)
        rows = [t for t in self.tariffs if schema.normalise_header(t.segment) == seg
                and (service is None or schema.normalise_header(t.service) == schema.normalise_header(service))]
        first = {}
        for i, t in enumerate(self.tariffs):
            first.setdefault(t.service, i)
        return sorted(rows, key=lambda t: (first[t.service], t.fee))

    def tariff_of(self, service, segment, fee):
        """The client's tariff (see the module docstring), or ``None`` when the grid has none."""
        rows = self.of_segment(segment, service)
        if not rows:
            return None
        if fee is None:
            return rows[0]
        exact = [t for t in rows if t.fee == fee]
        if exact:
            return exact[0]
        cheaper = [t for t in rows if t.fee <= fee]
        return cheaper[-1] if cheaper else rows[0]

    def named(self, name):
        """The tariff called *name* (case-insensitive), else a Russian UserError listing the names."""
        wanted = schema.normalise_header(name)
        for t in self.tariffs:
            if schema.normalise_header(t.name) == wanted:
                return t
        raise UserError('в тарифной сетке %s нет тарифа «%s»; есть: %s'
                        % (GRID_FILE, name, ', '.join(t.name for t in self.tariffs) or 'тарифов нет'))

    def upsell(self, tariff, taken=()):
        """The ARPU-raising offer for a client on *tariff*: a dearer tariff or another service."""
        if tariff is None:
            return None
        rows = self.of_segment(tariff.segment, tariff.service)
        dearer = [t for t in rows if t.fee > tariff.fee]
        if dearer:
            return dearer[0]
        taken = {schema.normalise_header(s) for s in (tariff.service,) + tuple(taken)}
        for service in CROSS_SELL:
            if schema.normalise_header(service) in taken:
                continue
            others = self.of_segment(tariff.segment, service)
            if others:
                return others[0]
        return None

    def equipment_for(self, service):
        wanted = schema.normalise_header(service)
        return [e for e in self.equipment if schema.normalise_header(e.service) == wanted]


def load(operator_dir):
    """The grid of *operator_dir*; an empty grid when the folder has no ``Тарифы.xlsx``."""
    path = Path(operator_dir) / GRID_FILE
    if not path.exists():
        return Grid(path=path)
    wb = open_workbook(path)
    try:
        tariffs = _read(wb, path, TARIFFS_SHEET, TARIFF_COLUMNS, _tariff, required=True)
        equipment = _read(wb, path, EQUIPMENT_SHEET, EQUIPMENT_COLUMNS, _equipment, required=False)
    finally:
        wb.close()
    return Grid(tariffs, equipment, path)


def _tariff(cells, where):
    service, name, speed, fee, connection, segment = cells
    seg = schema.normalise_header(segment)
    if seg not in schema.SEGMENTS:
        raise UserError('%s, столбец «Сегмент»: ожидается малый, средний или крупный (указано: %r)'
                        % (where, segment))
    return Tariff(_required(service, where, 'Услуга'), _required(name, where, 'Тариф'),
                  _required(speed, where, 'Скорость / пакет'), _money(fee, where, 'Абонплата, руб. в месяц'),
                  _money(connection, where, 'Подключение, руб.', Decimal('0.00')), seg)


def _equipment(cells, where):
    service, name, model, value = cells
    return Equipment(_required(service, where, 'Услуга'), _required(name, where, 'Оборудование'),
                     values.text(model), _money(value, where, 'Стоимость, руб.'))


def _required(value, where, header):
    text = values.text(value)
    if not text:
        raise UserError('%s, столбец «%s»: обязательное поле не заполнено' % (where, header))
    return text


def _money(value, where, header, default=None):
    if values.is_empty(value):
        if default is not None:
            return default
        raise UserError('%s, столбец «%s»: обязательное поле не заполнено' % (where, header))
    try:
        return values.money(value)
    except values.BadValue as exc:
        raise UserError('%s, столбец «%s»: %s (указано: %r)' % (where, header, exc.expected, value))


def _read(wb, path, sheet, columns, make, required):
    actual = find_sheet(wb, sheet)
    if actual is None:
        if required:
            raise UserError('%s: нет листа «%s»' % (path.name, sheet))
        return []
    rows = wb.get_sheet_by_name(actual).to_python(skip_empty_area=False)
    if not rows:
        return []
    headers = [schema.normalise_header(h) for h in rows[0]]
    index = []
    for _, header, _ in columns:
        try:
            index.append(headers.index(schema.normalise_header(header)))
        except ValueError:
            raise UserError('%s, лист «%s»: нет столбца «%s» в первой строке' % (path.name, actual, header))
    out = []
    for row_no, row in enumerate(rows[1:], 2):
        cells = [row[i] if i < len(row) else '' for i in index]
        if all(values.is_empty(c) for c in cells):
            continue
        out.append(make(cells, '%s, лист «%s», строка %d' % (path.name, actual, row_no)))
    return out


def write(path, tariffs=(), equipment=()):
    """Write the grid workbook *path* (headers, column help, *tariffs* and *equipment*)."""
    from ..xlsx_writer import Book
    book = Book(path, 'Тарифная сетка')
    for name, columns, rows in ((TARIFFS_SHEET, TARIFF_COLUMNS, tariffs),
                                (EQUIPMENT_SHEET, EQUIPMENT_COLUMNS, equipment)):
        sheet = book.sheet(name)
        sheet.print_wide()
        sheet.headers(0, 0, [header for _, header, _ in columns])
        sheet.ws.freeze_panes(1, 0)
        for r, row in enumerate(rows, 1):
            sheet.row(r, row, ['plain_money' if isinstance(v, Decimal) else 'cell' for v in row])
        sheet.fit(minimum={c: width for c, (_, _, width) in enumerate(columns)})    # the demo's texts fit
        if name == TARIFFS_SHEET:
            sheet.validate(sheet.ref((1, 5), (1000, 5)), {'validate': 'list', 'source': list(schema.SEGMENTS)})
    return Path(book.close())


def write_for_init(directory, demo):
    """``b2bkit init``: the grid (demo tariffs with *demo*, else empty); returns the line to print."""
    path = Path(directory) / GRID_FILE
    if demo:
        write(path, DEMO_TARIFFS, DEMO_EQUIPMENT)
        return '  %s — пример тарифной сетки: %d тарифов, %d позиций оборудования' % (
            GRID_FILE, len(DEMO_TARIFFS), len(DEMO_EQUIPMENT))
    write(path)
    return '  %s — тарифная сетка для коммерческих предложений и договоров (заполните)' % GRID_FILE
