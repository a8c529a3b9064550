"""The fields a paper template prints (поля шаблонов) and how the template sees them.

A template reads plain data — a dict of groups (``company``, ``client``,
``doc``, ``tariff``, …) holding text — through :class:`Group`: a field the kit
does not know raises :class:`UnknownField`, and a field that is *empty* for
this client is a :class:`Blank`. A blank is false in ``{% if client.kpp %}``
(so a template can leave out a line an ИП has no value for) but printing it
raises :class:`MissingField`: no document goes out with an empty requisite.

Every value is already formatted text (``12 345,50``, ``02.12.2026``), so
register text is data only: Jinja2 never parses it, and the template's
autoescape makes it XML-safe (``<``, ``&`` print as they are).

>>> g = wrap({'client': {'name': 'ООО «Альфа»', 'kpp': ''}})
>>> str(g['client'].name), bool(g['client'].kpp)
('ООО «Альфа»', False)
>>> str(g['client'].kpp)
Traceback (most recent call last):
...
jobs.paper.fields.MissingField: client.kpp
>>> g['client'].nmae
Traceback (most recent call last):
...
jobs.paper.fields.UnknownField: client.nmae
"""

#: Every field with its Russian meaning, in the order docs/paper.md lists them.
#: A test checks each one is documented there and given by the context.
FIELDS = {
    # company: settings.toml [company]
    'company.name': 'наименование оператора',
    'company.inn': 'ИНН оператора',
    'company.kpp': 'КПП оператора',
    'company.ogrn': 'ОГРН оператора',
    'company.address': 'юридический адрес оператора',
    'company.city': 'город оператора (из адреса: «г. Энск»)',
    'company.bank': 'банк оператора',
    'company.bik': 'БИК банка',
    'company.account': 'расчётный счёт',
    'company.corr_account': 'корреспондентский счёт банка',
    'company.director': 'руководитель (Фамилия И. О.)',
    'company.director_title': 'должность руководителя',
    'company.accountant': 'главный бухгалтер',
    'company.phone': 'телефон оператора',
    'company.email': 'e-mail оператора',
    # client: the register's «Клиенты» (or the prospect of a commercial proposal)
    'client.code': 'код клиента',
    'client.name': 'наименование клиента',
    'client.inn': 'ИНН клиента',
    'client.kpp': 'КПП клиента (у ИП пусто)',
    'client.ogrn': 'ОГРН / ОГРНИП клиента',
    'client.ogrn_label': '«ОГРН» или «ОГРНИП» — как назван номер клиента',
    'client.is_person': 'да, если клиент — индивидуальный предприниматель (для {% if %})',
    'client.address': 'адрес клиента',
    'client.email': 'e-mail клиента (через запятую, если несколько)',
    'client.phone': 'телефон клиента',
    'client.contact': 'контактное лицо (только КП по введённым данным)',
    'client.manager': 'ответственный менеджер (Фамилия Имя Отчество)',
    'client.manager_short': 'менеджер кратко (Фамилия И. О.)',
    'client.segment': 'сегмент: малый, средний, крупный',
    'client.service': 'услуга клиента по реестру',
    'client.fee': 'абонплата клиента по реестру, руб.',
    'client.fee_words': 'абонплата прописью',
    'client.connected': 'дата подключения',
    'client.contract': 'номер действующего договора (из реестра)',
    'client.contract_date': 'дата действующего договора (из реестра)',
    # doc: this document
    'doc.title': 'название документа (название шаблона)',
    'doc.number': 'номер документа из серии (только у договоров и соглашений)',
    'doc.date': 'дата документа ДД.ММ.ГГГГ',
    'doc.date_long': 'дата документа «02» декабря 2026 г.',
    'doc.valid_until': 'срок действия предложения (КП: дата + 30 дней)',
    # tariff: the client's tariff in the grid «Тарифы.xlsx»
    'tariff.service': 'услуга (шаблона, если в его названии есть услуга: «Договор ЛВС»; иначе клиента)',
    'tariff.name': 'название тарифа',
    'tariff.speed': 'скорость / пакет',
    'tariff.fee': 'абонплата, руб. в месяц (для клиента — из реестра)',
    'tariff.fee_words': 'абонплата прописью',
    'tariff.connection': 'стоимость подключения, руб.',
    'tariff.connection_words': 'стоимость подключения прописью',
    # services: the table of services (a list: {%tr for s in services %} … {%tr endfor %})
    'services[].service': 'услуга',
    'services[].name': 'тариф',
    'services[].speed': 'скорость / пакет',
    'services[].fee': 'абонплата, руб. в месяц',
    'services[].connection': 'подключение, руб.',
    'total.fee': 'итого абонплата в месяц, руб.',
    'total.fee_words': 'итого абонплата прописью',
    'total.vat': 'в том числе НДС, руб., или «без НДС»',
    'total.vat_text': '«в том числе НДС (22 %) 449,02 руб.» или «без налога (НДС).» (с точкой в конце)',
    # tariffs: the segment's tariffs (commercial proposals)
    'tariffs[].service': 'услуга',
    'tariffs[].name': 'тариф',
    'tariffs[].speed': 'скорость / пакет',
    'tariffs[].fee': 'абонплата, руб. в месяц',
    'tariffs[].connection': 'подключение, руб.',
    # upsell: the offer that raises the monthly payment (ARPU)
    'upsell.service': 'услуга предложения',
    'upsell.name': 'тариф предложения',
    'upsell.speed': 'скорость / пакет предложения',
    'upsell.fee': 'абонплата предложения, руб. в месяц',
    'upsell.fee_words': 'абонплата предложения прописью',
    'upsell.extra': 'на сколько больше в месяц, руб.',
    'upsell.text': 'готовая фраза предложения',
    # equipment: the grid's «Оборудование» for the client's service (acts)
    'equipment[].name': 'оборудование',
    'equipment[].model': 'модель',
    'equipment[].value': 'стоимость, руб.',
    'equipment_total.value': 'итого стоимость оборудования, руб.',
    'equipment_total.value_words': 'итого стоимость оборудования прописью',
    # request: what an application asks for (command options)
    'request.start': 'с какой даты (приостановление, отключение, смена тарифа): --from',
    'request.end': 'по какую дату (приостановление): --to',
    'request.amount': 'сумма к возврату, руб.: --amount',
    'request.amount_words': 'сумма к возврату прописью',
    'request.tariff': 'новый тариф (смена тарифа): --tariff, по умолчанию — следующий по цене тариф той же услуги',
    'request.tariff_speed': 'скорость / пакет нового тарифа',
    'request.tariff_fee': 'абонплата нового тарифа, руб.',
    'request.tariff_fee_words': 'абонплата нового тарифа прописью',
}

#: Where the user fills an empty field (for the Russian error).
SOURCES = {
    'company': 'settings.toml, раздел [company]',
    'client': 'реестре юрлиц',
    'tariff': 'тарифной сетке «Тарифы.xlsx»',
    'services': 'тарифной сетке «Тарифы.xlsx»',
    'tariffs': 'тарифной сетке «Тарифы.xlsx»',
    'upsell': 'тарифной сетке «Тарифы.xlsx»',
    'equipment': 'тарифной сетке «Тарифы.xlsx», лист «Оборудование»',
    'equipment_total': 'тарифной сетке «Тарифы.xlsx», лист «Оборудование»',
    'request': 'параметрах команды',
}


def describe(path):
    """``client.kpp`` → «client.kpp» (КПП клиента (у ИП пусто))."""
    generic = path.split('.')[0].rstrip('0123456789[]')
    key = path if path in FIELDS else generic + '[].' + path.split('.', 1)[-1]
    meaning = FIELDS.get(key)
    return '«%s»%s' % (path, ' (%s)' % meaning if meaning else '')


class MissingField(Exception):
    """A field the template prints is empty for this document (args[0]: the field path)."""


class UnknownField(Exception):
    """The template asks for a field the kit does not have (args[0]: the field path)."""


class Blank:
    """An empty value: false in ``{% if %}``, an error when printed."""
    __slots__ = ('path',)

    def __init__(self, path):
        self.path = path

    def __bool__(self):
        return False

    def _missing(self, *args):
        raise MissingField(self.path)

    __str__ = __html__ = __iter__ = __len__ = _missing

    def __repr__(self):
        return 'Blank(%r)' % self.path


class Group:
    """A group of fields (``client``, ``doc``…) as the template sees it."""
    __slots__ = ('_path', '_values')

    def __init__(self, path, values):
        self._path, self._values = path, values

    def __getattr__(self, name):
        if name.startswith('_'):
            raise AttributeError(name)
        try:
            value = self._values[name]
        except KeyError:
            raise UnknownField('%s.%s' % (self._path, name)) from None
        return _wrap('%s.%s' % (self._path, name), value)

    __getitem__ = __getattr__

    def __str__(self):
        raise UnknownField(self._path)

    __html__ = __str__


def _wrap(path, value):
    if isinstance(value, dict):
        return Group(path, value)
    if isinstance(value, list):
        return [_wrap('%s%d' % (path, i + 1), v) for i, v in enumerate(value)]
    if value is None or value == '':
        return Blank(path)
    return value


def wrap(data):
    """The template context of plain *data* (groups of text, lists of groups, booleans)."""
    return {name: _wrap(name, value) for name, value in data.items()}
