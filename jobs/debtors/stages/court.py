"""Суд: the hand-over to our lawyer (else the accountant) with the debt calculation (PDF) and the
court package checklist; listed on the report's sheet «В суд» with the earliest date of a suit."""

import datetime

from addin.model import court, terms

from . import CLAIM, DEFAULT_DAYS, INTERNAL, Attachment, Stage


#: The columns of «В суд» to tick, one per document of the court package.
COURT_DOCS = ('Договор', 'Акты', 'Счета', 'Акт сверки', 'Претензия и доказательство отправки',
              'Расчёт задолженности')


def court_sheet(book, used, data):
    """«В суд»: the clients handed over in their current debt episode, with the claim date and the
    earliest date a suit may be filed: the day after the claim's answer period (ч. 5 ст. 4 АПК,
    ст. 191, 193 ГК — :func:`addin.model.terms.suit_earliest`)."""
    from ..debtors_workbook import table
    rows = []
    for code, episode, handed in sorted(data.sent.get('court', ()), key=lambda r: r[2]):
        a, c = data.accounts.get(code), data.clients.get(code)
        if a is None or c is None or a.episode is None or a.episode.isoformat() != episode:
            continue   # paid since, or a past episode: no longer for court
        claim = data.sent_on(code, episode, CLAIM)
        rows.append((code, c.name, c.inn, c.contract, c.manager, a.overdue_debt, a.days_overdue,
                     datetime.date.fromisoformat(handed), claim,
                     terms.suit_earliest(claim, data.answer_days, data.is_working_day) if claim else None,
                     # by the debt alone; the e-mail's figure adds the interest
                     court.procedure(a.overdue_debt, data.as_of, len(c.inn or '') == 12).name)
                    + ('☐',) * len(COURT_DOCS))
    return table(book, used, 'В суд', 'Передать в суд: пакет документов',
                 ('Код', 'Наименование', 'ИНН', 'Договор №', 'Менеджер', 'Просроченный долг', 'Дней просрочки',
                  'Передано в суд', 'Претензия отправлена', 'Иск не ранее', 'Порядок (по сумме долга)') + COURT_DOCS,
                 rows, ('label',) * 5 + ('money', 'label', 'date', 'date', 'date', 'label') + ('box',) * len(COURT_DOCS),
                 'Нет клиентов для передачи в суд.')


STAGE = Stage(code='court', name='суд', days=DEFAULT_DAYS['court'], audience=INTERNAL, report_sheet=court_sheet,
              min_debt_setting='court_min_debt',
              attachments=(Attachment('Расчет задолженности {code} {as_of}.pdf', 'Расчет задолженности {contract}.pdf',
                                      'расчёт задолженности PDF', 'claim_pdfs:write_calculation'),))
