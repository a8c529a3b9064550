"""Texts of the starter commercial proposals (КП) for small, medium and large business.

Each lists the segment's tariffs from the grid and puts the upsell line — the
next tariff up or an added service, what raises the monthly payment (ARPU) —
in a box of its own, as the sales methodology recommends: the client sees the
price of the better option next to the basic one.
"""

from .builder import LEFT

TARIFF_HEADERS = ['Услуга', 'Тариф', 'Скорость / пакет', 'Абонплата в месяц, руб.', 'Подключение, руб.']
TARIFF_CELLS = ['{{ t.service }}', '{{ t.name }}', '{{ t.speed }}', '{{ t.fee }}', '{{ t.connection }}']
TARIFF_WIDTHS = (3.5, 3.5, 4.4, 3.0, 3.0)

SEGMENTS = {
    'малый': dict(
        greeting='Мы — местный оператор связи. Подключаем офисы, магазины, кафе и салоны за 3 рабочих дня, '
                 'сами прокладываем кабель и настраиваем оборудование, а в случае неисправности приезжаем в '
                 'тот же день.',
        points=['подключение за 3 рабочих дня, договор и счёт — по электронной почте;',
                'Wi-Fi-маршрутизатор во временное пользование на срок договора;',
                'круглосуточная поддержка {{ company.phone }}; неисправности устраняем не позднее 24 часов;',
                'закрывающие документы каждый месяц автоматически, оплата по безналичному расчёту.']),
    'средний': dict(
        greeting='Для компаний с несколькими отделами и складами мы строим подключение «под ключ»: '
                 'интернет со статическими IP-адресами, телефония с многоканальным номером, видеонаблюдение и '
                 'локальная сеть — у одного оператора, по одному договору и одному счёту.',
        points=['статические IP-адреса и гарантированная полоса на участке до нашего узла;',
                'персональный менеджер{% if client.manager %} {{ client.manager }}{% endif %} и приоритетная линия поддержки;',
                'монтаж ЛВС и видеонаблюдения силами наших монтажников, исполнительная документация;',
                'единый договор, один счёт и акт в месяц, сверка по запросу бухгалтерии.']),
    'крупный': dict(
        greeting='Для крупного бизнеса мы предлагаем каналы с гарантированными параметрами: резервирование по '
                 'независимым трассам, соглашение об уровне обслуживания (SLA) с компенсацией за простой и '
                 'выделенного инженера на время проекта.',
        points=['резервирование канала по двум независимым трассам и узлам;',
                'SLA с доступностью до 99,9 % и компенсацией абонентской платы за каждый час простоя;',
                'выделенный инженер и персональный менеджер{% if client.manager %} {{ client.manager }}{% endif %}, отчёт о качестве каждый месяц;',
                'проектирование, монтаж и обслуживание ЛВС, телефонии и видеонаблюдения объектов.']),
}


def proposal(d, segment):
    text = SEGMENTS[segment]
    d.table([['{{ company.name }}\n{{ company.address }}\nТел.: {{ company.phone }}, e-mail: {{ company.email }}',
              'Исх. № ______ от {{ doc.date }}\n\n{{ client.name }}\nИНН {{ client.inn }}{% if client.kpp %} / КПП {{ client.kpp }}{% endif %}'
              '{% if client.contact %}\n{{ client.contact }}{% endif %}']],
            widths=(9.4, 8.0), borders=False, size=9.5)
    d.p('', space_after=6)
    d.title('КОММЕРЧЕСКОЕ ПРЕДЛОЖЕНИЕ', 'услуги связи для %s бизнеса' % {'малый': 'малого', 'средний': 'среднего',
                                                                      'крупный': 'крупного'}[segment])
    d.p(text['greeting'], space_after=4)
    d.p('Тарифы для вашего бизнеса', LEFT, bold=True, indent=False, space_before=4, space_after=2)
    d.table([TARIFF_HEADERS], TARIFF_WIDTHS, header=True, loop=('t in tariffs', TARIFF_CELLS), right=(3, 4))
    d.p('Цены указаны с учётом НДС. Подключение включает прокладку кабеля, монтаж и настройку оборудования.',
        italic=True, size=9, indent=False, space_before=2)
    d.p('{% if client.code %}Ваш тариф сейчас{% else %}Рекомендуем начать{% endif %}', LEFT, bold=True,
        indent=False, space_before=6, space_after=2)
    d.p('Тариф «{{ tariff.name }}» ({{ tariff.speed }}) — {{ tariff.fee }} руб. в месяц ({{ tariff.fee_words }}), '
        'подключение {{ tariff.connection }} руб.')
    d.table([['**Выгоднее для вас**\n{{ upsell.text }}. Абонентская плата по тарифу «{{ upsell.name }}» — '
              '{{ upsell.fee }} руб. в месяц ({{ upsell.fee_words }}).']], widths=(17.4,), size=10.5)
    d.p('Почему мы', LEFT, bold=True, indent=False, space_before=6, space_after=2)
    for point in text['points']:
        d.p('• ' + point, indent=False)
    d.p('Предложение действительно до {{ doc.valid_until }}. Чтобы подключиться, ответьте на это письмо или '
        'позвоните{% if client.manager %} вашему менеджеру {{ client.manager }}{% endif %} по телефону '
        '{{ company.phone }} — мы проверим техническую возможность по вашему адресу в течение одного рабочего '
        'дня.', space_before=6)
    d.p('', space_after=8)
    d.table([['{{ company.director_title }}\n{{ company.name }}', '_______________ / {{ company.director }} /']],
            widths=(9.4, 8.0), borders=False)
    d.footer('{{ company.name }} · {{ company.phone }} · {{ company.email }} · стр. ')


TEMPLATES = {
    'КП малый бизнес': lambda d: proposal(d, 'малый'),
    'КП средний бизнес': lambda d: proposal(d, 'средний'),
    'КП крупный бизнес': lambda d: proposal(d, 'крупный'),
}
