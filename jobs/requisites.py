"""Whether the company's requisites can stand on a document or a letter (реквизиты организации).

`b2bkit check` lists every problem of ``[company]`` in settings.toml; a job that
prints requisites (documents, claims, reminders with payment details) or sends
mail calls :func:`require` first and refuses — before it numbers or queues
anything — with the Russian list of what to fix. A folder made by plain
``b2bkit init`` has empty requisites on purpose (:func:`blank_company`), so
nothing goes out until the operator has filled them in.

Placeholder addresses (``example.ru`` and the reserved example / test domains)
are refused for real sending (SMTP); the folder transport of the demo writes
``.eml`` files and sends nothing, so they are harmless there.
"""

import re

from .errors import UserError

#: Domains that are never a real recipient: RFC 2606 / 6761 reserved names and the Russian
#: placeholder everyone types.
PLACEHOLDER_DOMAINS = ('example.ru', 'example.com', 'example.net', 'example.org', 'пример.рф')
PLACEHOLDER_TLDS = ('.example', '.test', '.invalid', '.localhost')


def is_placeholder_address(address):
    """True for an address at a placeholder domain (``buh@example.ru``, ``x@mail.test``)."""
    domain = str(address).rpartition('@')[2].strip().lower().rstrip('>')
    return domain in PLACEHOLDER_DOMAINS or domain.endswith(tuple('.' + d for d in PLACEHOLDER_DOMAINS)) \
        or domain.endswith(PLACEHOLDER_TLDS)


def placeholder_addresses(settings):
    """``[(key, address)]`` of settings' own addresses that are placeholders."""
    m, out = settings.mail, []
    for key, values in (('[company] email', [settings.company.email]), ('[mail] sender', [m.sender]),
                        ('[mail] accountant', m.accountant), ('[mail] lawyer', m.lawyer),
                        ('[mail] owner', m.owner)):
        out += [(key, a) for a in values if a and is_placeholder_address(a)]
    return out


def sends_for_real(settings, environ=None):
    """True when mail leaves the machine (SMTP, from the settings or the environment override)."""
    import os
    from .settings import ENV_MAIL_TRANSPORT
    env = os.environ if environ is None else environ
    return (env.get(ENV_MAIL_TRANSPORT) or settings.mail.transport).strip().lower() == 'smtp'


def problems(settings, smtp=False):
    """Problems (``registers.validate.Problem``) that stop documents and letters.

    *smtp*: mail would really leave the machine, so placeholder addresses count too.
    """
    from .registers.validate import Problem, company_problems
    out = list(company_problems(settings))
    if not (settings.mail.sender or settings.company.email):
        out.append(Problem(settings.path, '[mail]', None, 'sender', '',
                           'не указан адрес отправителя (или [company] email) — письма не от кого отправить'))
    if smtp:
        for key, address in placeholder_addresses(settings):
            section, _, name = key.partition(' ')
            out.append(Problem(settings.path, section, None, name, address,
                               'адрес-заглушка: письма на него не дойдут; укажите настоящий адрес'))
    return out


def require(settings, what, operator_dir=None):
    """Raise a Russian :class:`UserError` when the requisites cannot be used for *what*.

    *what* says what is refused, e.g. «документы не сформированы и не отправлены».
    """
    found = problems(settings, operator_dir is not None and sends_for_real(settings))
    if found:
        lines = '\n'.join('  • %s = «%s»: %s' % (p.column, p.value or '', p.message) for p in found)
        raise UserError('реквизиты в %s не заполнены или неверны — %s. Исправьте:\n%s\nи проверьте: '
                        'b2bkit check' % (settings.path, what, lines))


def blank_company(text):
    """Settings *text* with every value of ``[company]`` emptied and the demo company's addresses
    taken out of ``[mail]`` (a fresh folder's settings)."""
    head, sep, rest = text.partition('\n[company]\n')
    if not sep:
        return text
    section, nxt, tail = re.split(r'(\n\[)', rest, maxsplit=1) if '\n[' in rest else (rest, '', '')
    section = re.sub(r'^(\w+\s*=\s*)"[^"\n]*"', r'\1""', section, flags=re.M)
    text = head + sep + section + nxt + tail
    text = re.sub(r'^(sender|sender_name)(\s*=\s*)"[^"\n]*"', r'\1\2""', text, flags=re.M)
    return re.sub(r'^(accountant|owner)(\s*=\s*)\[[^\]\n]*\]', r'\1\2[]', text, flags=re.M)
