"""Clients for paperwork: the register read through ONE adapter, and batch selection.

:func:`client_record` is the only place that touches the register's client
objects: everything else in :mod:`jobs.paper` works on the plain dicts it
returns (keys as in :mod:`jobs.registers.schema`), so a change of the register
reader is adapted here and nowhere else.

Selection (``--client``, ``--all``, ``--segment``, ``--manager``, ``--where``)
is :func:`select`; ``--where`` is :mod:`.where`.
"""

from ..errors import UserError
from ..registers.reader import read_register
from ..registers.schema import normalise_header
from . import where as where_mod


def client_record(client):
    """The register's *client* as a plain dict (typed values: dates, Decimal, tuples; ``None`` when empty)."""
    return {
        'code': client.code, 'name': client.name, 'inn': client.inn, 'kpp': client.kpp or '',
        'ogrn': client.ogrn or '', 'contract': client.contract, 'contract_date': client.contract_date,
        'emails': tuple(client.emails or ()), 'phone': client.phone or '', 'manager': client.manager or '',
        'segment': client.segment or '', 'service': client.service or '', 'fee': client.fee,
        'connected': client.connected, 'disconnected': client.disconnected, 'address': client.address or '',
        'source': client.source,
    }


def load_clients(operator_dir, settings, state_db=None):
    """``(records in register order, problems)`` — the valid clients of the register as dicts."""
    reg = read_register(operator_dir, settings, state_db=state_db)
    return [client_record(c) for c in reg.clients.values()], list(reg.problems)


def select(records, *, codes=(), everyone=False, segment=None, manager=None, where=None):
    """The records a command asks for, in register order.

    *codes* pick clients by code (an unknown code is an error naming it);
    *segment*, *manager* (case-insensitive, «ё» = «е»; a manager may be given by
    surname only) and *where* narrow the set; with none of them and no
    *everyone* nothing is selected and the user is told how to choose.
    """
    if not (codes or everyone or segment or manager or where):
        raise UserError('укажите, для кого документ: --client КОД, --all, --segment, --manager или --where')
    chosen = records
    if codes:
        by_code = {r['code']: r for r in records}
        unknown = [c for c in codes if c not in by_code]
        if unknown:
            raise UserError('в реестре нет клиента с кодом %s (или его строка с ошибками — см. «b2bkit check»)'
                            % ', '.join('«%s»' % c for c in unknown))
        chosen = [by_code[c] for c in dict.fromkeys(codes)]
    if segment:
        wanted = normalise_header(segment)
        chosen = [r for r in chosen if normalise_header(r['segment']) == wanted]
    if manager:
        wanted = normalise_header(manager)
        chosen = [r for r in chosen if normalise_header(r['manager']) == wanted
                  or normalise_header(r['manager']).split(' ')[0] == wanted]
    if where:
        test = where_mod.parse(where)
        chosen = [r for r in chosen if test(r)]
    return chosen
