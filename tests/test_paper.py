"""Paperwork from the register (b2bkit paper): every starter template to DOCX and PDF in real headless
LibreOffice, read back with pdftotext; gapless numbering and reruns; Russian errors for broken templates
and empty requisites; register text never becomes template syntax; commercial proposals; mail."""

import datetime
import email
import random
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal as D
from email import policy
from pathlib import Path

import docx
import pytest

from jobs import cli, demo_data, operator_folder, state
from jobs.errors import UserError
from jobs.libreoffice import headless
from jobs.paper import builder, catalogue, fields, job, tariffs

ROOT = Path(__file__).resolve().parents[1]
TODAY = datetime.date(2026, 12, 2)


def _ids(seed, person=False):
    rng = random.Random(seed)
    inn = demo_data.make_inn(rng, person)
    return inn, demo_data.make_ogrn(rng, inn, person)


A_INN, A_OGRN = _ids(11)
B_INN, B_OGRN = _ids(12, person=True)
C_INN, C_OGRN = _ids(13)
E_INN, E_OGRN = _ids(15)
P_INN, _ = _ids(16)


def row(code, name, inn, kpp, ogrn, segment, service, fee, address='123456, г. Энск, ул. Мира, д. 7',
        phone='+79123456789'):
    # column order of jobs.registers.schema.CLIENTS
    return (code, name, inn, kpp, ogrn, 'И-' + code, datetime.date(2021, 3, 15), 'buh@c%s.ru' % code, phone,
            'Иванова Анна Сергеевна', segment, service, fee, datetime.date(2021, 4, 1), None, None, None, address)


CLIENTS = [
    # an exact grid price: «Бизнес 100», 2 500 ₽; a name with XML-special characters
    row('10001', 'ООО «Ромашка & Ко» <офис>', A_INN, A_INN[:4] + '01001', A_OGRN, 'малый', 'Интернет', D('2500')),
    # an ИП: 12-digit ИНН, ОГРНИП, no КПП, no phone
    row('10002', 'ИП Лебедев К. А.', B_INN, None, B_OGRN, 'малый', 'ТВ', D('1100'), phone=None),
    # a name that looks like template syntax: must stay text
    row('10003', '{{ 7*7 }} {% raw %} АО «Шаблон»', C_INN, C_INN[:4] + '01001', C_OGRN, 'крупный', 'Интернет',
        D('70000')),
    # no address: documents that print it cannot be made for this client
    row('10005', 'ООО «Безадресное»', E_INN, E_INN[:4] + '01001', E_OGRN, 'средний', 'Интернет', D('12000'),
        address=None),
]
A, B, C, E = (c[0] for c in CLIENTS)


_read_back = {}


def _pdf_text(path):
    """The PDF's text as pdftotext reads it; read once per file version (the fixture's PDFs are read by
    several tests), keyed by path, size and modification time so a rewritten file is read again."""
    st = Path(path).stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _read_back:
        out = subprocess.run(['pdftotext', str(path), '-'], capture_output=True, check=True).stdout
        _read_back[key] = ' '.join(out.decode('utf-8').replace('\u00a0', ' ').split())
    return _read_back[key]


def _new_folder(path, demo_clients=20):
    operator_folder.init(path, demo=True, today=TODAY, clients=demo_clients, months=3)
    text = (path / 'settings.toml').read_text(encoding='utf-8').replace('per_minute = 60', 'per_minute = 0')
    (path / 'settings.toml').write_text(text, encoding='utf-8')
    return path


@pytest.fixture(scope='module')
def hand(tmp_path_factory):
    """A demo folder whose register also holds the hand-made clients above; every starter template made
    for client A, DOCX and PDF, in ONE run of the job; then, DOCX only, the ИП B and the «{{ 7*7 }}»
    client C where it matters, the contract and the proposal of the family for a demo client of each
    segment, and a proposal for a prospect. Returns ``(folder, {(template, code): [docx(, pdf)]})``."""
    if not headless.find_soffice() or not shutil.which('pdftotext'):
        pytest.skip('needs LibreOffice (Writer) and pdftotext')
    folder = _new_folder(tmp_path_factory.mktemp('paper') / 'оператор')
    data = demo_data.generate(20, 3, TODAY, seed=1)          # what init --demo wrote
    demo_data.write_register_xlsx(folder / operator_folder.REGISTER_FILE, list(data.clients) + CLIENTS,
                                  data.charges, data.payments)
    from jobs import settings as settings_mod
    from jobs.paper.clients import load_clients
    settings = settings_mod.load(folder)
    records = {r['code']: r for r in load_clients(folder, settings)[0]}
    request = {'amount': D('1250.50')}
    keys = [(name, A) for name in catalogue.STARTER]
    # the ИП B, the «{{ 7*7 }}» client C, the prospect and the families «Договор» and «КП» for a demo
    # client of each segment fill starter templates the first call already prints: their DOCX is
    # enough (read back as text), no second PDF of the same template
    families = [('Договор ТВ', B), ('КП малый бизнес', B), ('Договор Интернет', C), ('КП', 'prospect')]
    for segment in ('малый', 'средний', 'крупный'):
        demo = next(r for r in records.values() if r['segment'] == segment and r['code'] < '10000'
                    and r['service'] in ('Интернет', 'ТВ', 'Телефония'))
        families += [('Договор', demo['code']), ('КП', demo['code'])]
    records['prospect'] = {'name': 'ООО «Бета»', 'inn': P_INN, 'segment': 'средний'}   # typed-in details
    # ONE call: every DOCX, then every PDF from one LibreOffice launch inside the job
    r = job.make_each(folder, [(name, records[code], request) for name, code in keys], settings=settings,
                      when=TODAY)
    assert not r.problems, r.problems
    assert all([f.suffix for f in m.files] == ['.docx', '.pdf'] for m in r.made)
    more = job.make_each(folder, [(name, records[code], request) for name, code in families], settings=settings,
                         when=TODAY, pdf=False)
    assert not more.problems, more.problems
    assert all([f.suffix for f in m.files] == ['.docx'] for m in more.made)
    return folder, {key: m.files for key, m in zip(keys + families, r.made + more.made)}


def _docx_text(path):
    """The text of a DOCX's body, paragraphs apart, as the PDF's text reads (for the documents made
    without a PDF)."""
    import html
    xml = zipfile.ZipFile(path).read('word/document.xml').decode('utf-8')
    return ' '.join(html.unescape(re.sub(r'<[^>]+>', '', re.sub(r'</w:p>|<w:tab/>|<w:br/>', ' ', xml)))
                    .replace('\u00a0', ' ').split())


def _text(files):
    """The text of a made document: its PDF's when there is one, else its DOCX's."""
    return _pdf_text(files[-1]) if files[-1].suffix == '.pdf' else _docx_text(files[0])


def demo_inn(folder, code):
    from openpyxl import load_workbook
    ws = load_workbook(folder / operator_folder.REGISTER_FILE, read_only=True)['Клиенты']
    return next(r[2] for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == code)


def test_every_starter_template_makes_a_docx_and_a_pdf_with_the_clients_requisites(hand):
    folder, made = hand
    assert {name for name, _ in made} >= set(catalogue.STARTER)
    # file names safe on every OS: «<» and «>» of the client's name are replaced
    assert made[('Договор Интернет', A)][1].relative_to(folder).as_posix() == (
        'Выгрузка/Документы по клиентам/10001 ООО «Ромашка & Ко» _офис_/Договор Интернет № Д-2026-0001 от 02.12.2026.pdf')
    for (name, code), files in made.items():
        docx_path, text = files[0], _text(files)
        inn = {A: A_INN, B: B_INN, C: C_INN, 'prospect': P_INN}.get(code) or demo_inn(folder, code)
        # (a two-column table reads column by column: the label may stand apart from the value)
        assert 'ИНН' in text and inn in text, (name, text[:300])
        if code == A:
            assert 'КПП' in text and A_INN[:4] + '01001' in text, name
        # the DOCX sits in the client's folder of «Выгрузка/Документы по клиентам»
        assert docx_path.parent.parent == folder / 'Выгрузка' / 'Документы по клиентам'
        assert not re.search(r'\{\{|\{%', text.replace('{{ 7*7 }} {% raw %}', '')), (name, 'a tag left unfilled')


def test_numbered_documents_print_their_number_and_amounts_in_words(hand):
    _, made = hand
    text = {key: _text(files) for key, files in made.items()}
    # contracts: the series «Д» of 2026 in the order the fixture made them (A's in starter order, then B's)
    assert 'ДОГОВОР № Д-2026-0001' in text[('Договор Интернет', A)]
    assert 'ДОГОВОР № Д-2026-0007' in text[('Договор ТВ', B)]            # after A's 6
    assert 'ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ № ДС-2026-0001' in text[('Дополнительное соглашение', A)]
    assert 'СОГЛАШЕНИЕ № ДС-2026-0002' in text[('Соглашение о расторжении', A)]
    # the demo clients' contracts (family «Договор») come after A's 6, B's 1 and C's 1 in the series
    demo = sorted(re.search(r'ДОГОВОР № (Д-2026-\d{4})', t).group(1) for (n, c), t in text.items() if n == 'Договор')
    assert demo == ['Д-2026-0009', 'Д-2026-0010', 'Д-2026-0011']
    # A pays 2 500 ₽ a month (register), exactly the grid's «Бизнес 100»: words by hand
    contract = text[('Договор Интернет', A)]
    assert '2 500,00 руб. (Две тысячи пятьсот рублей 00 копеек)' in contract
    # VAT inside 2 500 at 22 %: 2500 × 22 / 122 = 450.819… → 450,82
    assert 'в том числе НДС (22 %) 450,82 руб.' in contract
    assert 'тарифом «Бизнес 100» (100 Мбит/с)' in contract
    # the LAN contract for an Internet client offers the segment's entry LAN tariff at the grid's price
    lan = text[('Договор ЛВС', A)]
    assert 'тарифом «ЛВС 10» (обслуживание до 10 рабочих мест)' in lan
    assert '3 000,00 руб. (Три тысячи рублей 00 копеек)' in lan
    # penalty contract: the connection of «Бизнес 100» (3 000 ₽ in the demo grid) is the discount at stake
    assert ('неустойку в размере предоставленной скидки на подключение — 3 000,00 руб. (Три тысячи рублей '
            '00 копеек)') in text[('Договор Интернет с неустойкой', A)]
    # refund: --amount 1 250,50
    assert '1 250,50 руб. (Одна тысяча двести пятьдесят рублей 50 копеек)' in text[('Заявление о возврате средств', A)]
    # tariff change defaults to the next dearer Internet tariff of the segment: «Бизнес 200», 3 900 ₽
    change = text[('Заявление о смене тарифа', A)]
    assert '«Бизнес 200» (200 Мбит/с)' in change and 'Три тысячи девятьсот рублей 00 копеек' in change
    # the act lists the Internet equipment of the grid: 9 500 + 3 200 = 12 700 ₽
    act = text[('Акт приема-передачи оборудования', A)]
    assert 'Keenetic Giga KN-1011' in act and '12 700,00 руб. (Двенадцать тысяч семьсот рублей 00 копеек)' in act
    # the ИП: no КПП line, ОГРНИП by name
    ip = text[('Договор ТВ', B)]
    assert 'ОГРНИП %s' % B_OGRN in ip and 'КПП' not in ip.split('АБОНЕНТ')[-1]


def test_proposals_list_the_segments_tariffs_and_the_upsell(hand):
    _, made = hand
    small = _text(made[('КП малый бизнес', A)])
    # the small segment's Internet tariffs of the demo grid, and A's upsell: 3 900 − 2 500 = 1 400 ₽ more
    for tariff in ('Старт 50', 'Бизнес 100', 'Бизнес 200', 'Бизнес 500', 'ТВ Базовый', 'Видео 4'):
        assert tariff in small
    assert 'Переход на тариф «Бизнес 200» (200 Мбит/с) — всего на 1 400,00 ₽ в месяц больше' in small
    assert 'Офис 200' not in small                   # another segment's tariff
    # the ИП on «ТВ Расширенный», the dearest small TV tariff: another service is offered instead
    ip = _text(made[('КП малый бизнес', B)])
    assert 'Добавьте услугу «Видеонаблюдение»: тариф «Видео 4»' in ip
    # a prospect (typed-in details), medium segment: entry «Офис 200» 8 000 ₽, upsell «Офис 500» +4 000 ₽
    prospect = _text(made[('КП', 'prospect')])
    assert 'ООО «Бета»' in prospect and 'услуги связи для среднего бизнеса' in prospect
    assert 'Тариф «Офис 200»' in prospect and 'Восемь тысяч рублей 00 копеек' in prospect
    assert 'всего на 4 000,00 ₽ в месяц больше' in prospect
    assert 'Старт 50' not in prospect


def test_register_text_is_data_never_template_syntax(hand):
    folder, made = hand
    docx_path, text = made[('Договор Интернет', C)][0], _text(made[('Договор Интернет', C)])
    assert '{{ 7*7 }} {% raw %} АО «Шаблон»' in text and '49 ' not in text.split('АО «Шаблон»')[0][-20:]
    xml = zipfile.ZipFile(docx_path).read('word/document.xml').decode('utf-8')
    assert '{{ 7*7 }} {% raw %} АО «Шаблон»' in xml
    # «&» and «<» of a name are XML-escaped by docxtpl's autoescape and print as they are
    assert 'ООО «Ромашка &amp; Ко» &lt;офис&gt;' in zipfile.ZipFile(made[('Договор Интернет', A)][0]).read(
        'word/document.xml').decode('utf-8')
    assert 'ООО «Ромашка & Ко» <офис>' in _pdf_text(made[('Договор Интернет', A)][1])


def test_an_empty_requisite_is_a_russian_error_and_no_document_nor_number(hand, capsys):
    folder, _ = hand
    db = state.connect(folder)
    before = state.paper.peek(db, 'contract', 2026)
    code = cli.main(['paper', 'Договор Интернет', '--client', E, '--dir', str(folder), '--date', '2026-12-02',
                     '--no-pdf'])
    out = capsys.readouterr().out
    assert code == 1
    assert 'шаблон «Договор Интернет», строка' in out and '«client.address» (адрес клиента)' in out
    # the 20 demo clients come first: row 1 is the header, so E (the 24th client) is on row 25
    assert 'у клиента %s ООО «Безадресное» (Реестр юрлиц.xlsx, лист «Клиенты», строка 25)' % E in out
    assert 'документ не создан' in out
    assert not list((folder / 'Выгрузка' / 'Документы по клиентам').glob('%s *' % E))
    assert state.paper.peek(db, 'contract', 2026) == before and state.paper.found(db, 'Договор Интернет', E) is None
    db.close()


def _own_template(folder, name, paragraphs):
    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    path = folder / catalogue.OPERATOR_DIR / ('%s.docx' % name)
    path.parent.mkdir(parents=True, exist_ok=True)
    d.save(str(path))
    return path


def test_a_broken_template_names_the_template_and_the_line(hand, capsys):
    folder, _ = hand
    db = state.connect(folder)
    before = state.paper.peek(db, 'contract', 2026)
    _own_template(folder, 'Договор сломанный', ['Договор № {{ doc.number }}', 'Клиент: {{ client.name }',
                                                'ИНН {{ client.inn }}'])
    _own_template(folder, 'Договор с опечаткой', ['Договор № {{ doc.number }}', 'Второй абзац',
                                                  'Клиент: {{ client.nmae }}'])
    try:
        with pytest.raises(UserError) as bad:
            job.for_clients(folder, 'Договор сломанный', codes=[A], pdf=False)
        # docxtpl joins a tag left open with what follows; the line is where it starts
        assert 'шаблон «Договор сломанный», строка 2 («Клиент: {{ client.name }' in str(bad.value)
        assert 'лишняя или непарная «}»' in str(bad.value)
        with pytest.raises(UserError) as unknown:
            job.for_clients(folder, 'Договор с опечаткой', codes=[A], pdf=False)
        assert 'шаблон «Договор с опечаткой», строка 3' in str(unknown.value)
        assert 'неизвестное поле «client.nmae»' in str(unknown.value)
        # the CLI says it in Russian with exit code 2; no number was taken by either
        assert cli.main(['paper', 'Договор с опечаткой', '--client', A, '--dir', str(folder), '--no-pdf']) == 2
        assert 'Ошибка: шаблон «Договор с опечаткой», строка 3' in capsys.readouterr().err
        assert state.paper.peek(db, 'contract', 2026) == before
        # a .doc renamed to .docx (or any other file) is named, not a traceback
        (folder / catalogue.OPERATOR_DIR / 'Договор битый.docx').write_bytes(b'{\\rtf1 not a docx}')
        with pytest.raises(UserError, match='шаблон «Договор битый» .*не удалось открыть как документ DOCX'):
            job.for_clients(folder, 'Договор битый', codes=[A], pdf=False)
    finally:
        shutil.rmtree(folder / catalogue.OPERATOR_DIR)
        db.close()


def test_the_operators_own_template_overrides_the_starter_one(hand):
    folder, _ = hand
    _own_template(folder, 'Памятка абонента', ['Наша памятка для {{ client.name }}, ИНН {{ client.inn }}'])
    try:
        found = catalogue.discover(folder)['Памятка абонента']
        assert found.own and not found.numbered
        r = job.for_clients(folder, 'памятка', codes=[B], when=TODAY, pdf=False)    # a beginning is enough
        xml = zipfile.ZipFile(r.made[0].files[0]).read('word/document.xml').decode('utf-8')
        assert 'Наша памятка для ИП Лебедев К. А., ИНН %s' % B_INN in xml
    finally:
        shutil.rmtree(folder / catalogue.OPERATOR_DIR)


@pytest.fixture(scope='module')
def demo(tmp_path_factory):
    """A demo operator folder (20 clients)."""
    return _new_folder(tmp_path_factory.mktemp('demo') / 'оператор')


def test_a_batch_numbers_contracts_without_gaps_and_a_rerun_changes_nothing(demo):
    from jobs.paper.clients import load_clients
    from jobs import settings as settings_mod
    records, _ = load_clients(demo, settings_mod.load(demo))
    contracted = [r for r in records if r['service'] in ('Интернет', 'ТВ', 'Телефония')]
    # a dry run lists the numbers the batch would take and writes nothing
    lines = []
    preview = job.for_clients(demo, 'Договор', everyone=True, when=TODAY, dry_run=True, out=lines.append)
    assert [m.number for m in preview.made] == ['Д-2026-%04d' % n for n in range(1, len(contracted) + 1)]
    assert lines[0] == '  %s %s: Договор %s № Д-2026-0001' % (contracted[0]['code'], contracted[0]['name'],
                                                              contracted[0]['service'])
    assert not (demo / 'Выгрузка' / 'Документы по клиентам').exists()
    # re-contracting: the family «Договор» picks each client's service; Видеонаблюдение has no contract
    first = job.for_clients(demo, 'Договор', everyone=True, when=TODAY, pdf=False)
    assert len(first.made) == len(contracted) and len(contracted) >= 10
    assert len(first.problems) == len(records) - len(contracted)
    assert all('нет шаблона «Договор Видеонаблюдение»' in p for p in first.problems)
    db = state.connect(demo)
    assert state.paper.numbers(db, 'contract', 2026) == list(range(1, len(contracted) + 1))
    # numbers follow the register order
    assert [m.number for m in first.made] == ['Д-2026-%04d' % n for n in range(1, len(contracted) + 1)]
    files = sorted((demo / 'Выгрузка' / 'Документы по клиентам').rglob('*.docx'))
    snapshot = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in files}
    rows = [tuple(r) for r in db.execute('SELECT * FROM paper_documents ORDER BY id')]

    again = job.for_clients(demo, 'Договор', everyone=True, when=TODAY + datetime.timedelta(days=3), pdf=False)
    assert not again.made and len(again.kept) == len(contracted)
    assert {m.number for m in again.kept} == {m.number for m in first.made}
    assert sorted((demo / 'Выгрузка' / 'Документы по клиентам').rglob('*.docx')) == files
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in files} == snapshot
    assert [tuple(r) for r in db.execute('SELECT * FROM paper_documents ORDER BY id')] == rows

    # a deleted file is made again: the same number and date, nothing else changes
    lost = first.made[2].files[0]
    lost.unlink()
    remade = job.for_clients(demo, 'Договор', everyone=True, when=TODAY + datetime.timedelta(days=5), pdf=False)
    assert [m.number for m in remade.made] == [first.made[2].number] and not remade.made[0].new
    assert remade.made[0].files[0] == lost and lost.exists()
    assert state.paper.numbers(db, 'contract', 2026) == list(range(1, len(contracted) + 1))
    db.close()


def test_batch_selection_by_segment_manager_and_where(demo):
    from jobs.paper.clients import load_clients, select
    from jobs import settings as settings_mod
    records, _ = load_clients(demo, settings_mod.load(demo))
    old = select(records, where='Дата договора < 2024-01-01 и Сегмент = малый')
    assert old and all(r['contract_date'] < datetime.date(2024, 1, 1) and r['segment'] == 'малый' for r in old)
    assert len(old) == sum(1 for r in records if r['contract_date'] and r['contract_date'] < datetime.date(2024, 1, 1)
                           and r['segment'] == 'малый')
    manager = records[0]['manager']
    assert {r['manager'] for r in select(records, manager=manager.split()[0])} == {manager}
    with pytest.raises(UserError, match='нет столбца «цвет»'):
        select(records, where='цвет = синий')
    with pytest.raises(UserError, match='в реестре нет клиента с кодом «99999»'):
        select(records, codes=['99999'])


def test_mail_to_the_client_through_the_outbox(demo):
    code = '00003'
    # (PDFs are made in the fixture above; a DOCX attachment saves a LibreOffice launch here)
    r = job.for_clients(demo, 'Информационный лист', codes=[code], when=TODAY, email=True, pdf=False)
    assert r.queued == 1 and r.delivery.sent == 1
    sent = sorted((demo / 'Почта').rglob('*.eml'))
    msg = email.message_from_bytes(sent[-1].read_bytes(), policy=policy.default)
    assert msg['Subject'].startswith('Информационный лист — ООО «Связь-Регион»')
    attachment = next(msg.iter_attachments())
    assert attachment.get_filename() == 'Информационный лист от 02.12.2026.docx'
    assert attachment.get_content() == r.made[0].files[0].read_bytes()
    # a rerun the same day queues nothing new
    again = job.for_clients(demo, 'Информационный лист', codes=[code], when=TODAY, email=True, pdf=False)
    assert again.queued == 0 and len(sorted((demo / 'Почта').rglob('*.eml'))) == len(sent)


def test_cli_proposal_for_typed_in_details(demo, capsys):
    code = cli.main(['paper', 'КП', '--prospect-name', 'ООО «Гамма»', '--inn', P_INN, '--segment', 'крупный',
                     '--dir', str(demo), '--date', '2026-12-02', '--no-pdf'])
    out = capsys.readouterr().out
    assert code == 0, out
    path = demo / 'Выгрузка' / 'Документы по клиентам' / ('ИНН %s ООО «Гамма»' % P_INN) / \
        'КП крупный бизнес от 02.12.2026.docx'
    assert path.exists(), out
    xml = zipfile.ZipFile(path).read('word/document.xml').decode('utf-8')
    assert 'Корпоративный 1G' in xml and 'Корпоративный 10G' in xml
    assert cli.main(['paper', 'КП', '--prospect-name', 'ООО «Гамма»', '--inn', '1234567890', '--segment', 'крупный',
                     '--dir', str(demo)]) == 2
    assert 'ИНН «1234567890»' in capsys.readouterr().err


def test_tariff_grid_for_init_and_its_errors(tmp_path):
    operator_folder.init(tmp_path / 'пусто')
    empty = tariffs.load(tmp_path / 'пусто')
    assert empty.tariffs == [] and empty.path.exists()
    demo_grid = tariffs.load(_new_folder(tmp_path / 'демо', demo_clients=5))
    assert len(demo_grid.tariffs) == len(tariffs.DEMO_TARIFFS) and demo_grid.equipment
    assert demo_grid.named('бизнес 200').fee == D('3900')
    bad = tmp_path / 'плохо'
    bad.mkdir()
    tariffs.write(bad / tariffs.GRID_FILE, [tariffs.Tariff('Интернет', 'X', '1 Мбит/с', D(1), D(0), 'огромный')])
    with pytest.raises(UserError, match=r'Тарифы.xlsx, лист «Тарифы», строка 2, столбец «Сегмент»'):
        tariffs.load(bad)


def test_every_field_is_documented_and_every_template_field_is_known():
    doc = (ROOT / 'docs' / 'paper.md').read_text(encoding='utf-8')
    for path in fields.FIELDS:
        assert '`%s`' % path in doc, path
    for name in catalogue.STARTER:
        assert '«%s»' % name in doc or '| %s |' % name in doc, name
    known = {p.replace('[]', '') for p in fields.FIELDS}
    loop_vars = {'s': 'services', 't': 'tariffs', 'e': 'equipment'}
    for path in catalogue.starter_dir().glob('*.docx'):
        text = re.sub(r'<[^>]+>', '', zipfile.ZipFile(path).read('word/document.xml').decode('utf-8'))
        for group, name in re.findall(r'\b([a-z_]+)\.([a-z_]+)\b', ' '.join(re.findall(r'\{[{%](.*?)[}%]\}', text))):
            group = loop_vars.get(group, group)
            if group == 'loop':
                continue
            assert '%s.%s' % (group, name) in known, (path.name, group, name)


def test_committed_starter_templates_are_fresh_builds():
    # python -m jobs.paper.builder rewrites them; the build is byte-reproducible
    for name in builder.builders():
        assert (catalogue.starter_dir() / ('%s.docx' % name)).read_bytes() == builder.build(name), name
    assert set(builder.builders()) == set(catalogue.STARTER)
    numbered = {n for n, t in catalogue.discover().items() if t.numbered}
    assert numbered == {n for n in catalogue.STARTER if n.startswith('Договор') or 'оглашение' in n}
