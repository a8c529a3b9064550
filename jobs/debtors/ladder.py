"""The escalation ladder (лестница взыскания): which notice a debtor gets today.

Stages (:mod:`.stages`, days from ``[dunning]`` of the settings; SPEC 7.2): the
*client notices* — напоминание, предупреждение, претензия — and the *internal
hand-overs* — суд, a message to the lawyer (else the accountant) with the court
package.

Rules, per client and debt episode (:mod:`jobs.ledger.accounts`; the ``notices`` table holds
what happened, one row per client × episode × stage):

* each stage at most once per episode;
* of the client notices only the **highest one reached** is sent; lower ones
  not sent yet in this episode are recorded with outcome ``skipped`` — a client
  first seen at 44 days gets the claim, not a reminder, a warning and a claim on
  the same day;
* суд is handed over when reached. A suit needs a claim sent first (АПК РФ
  ст. 4 ч. 5, and the court package lists it), so the claim is the highest
  *client* notice even for a client first seen at 95 days: that client gets the
  claim and the lawyer gets суд the same day, with the date from which the suit
  may be filed (claim + ``answer_days``); the reminder and the warning are
  recorded skipped;
* a partial payment that lowers the days overdue keeps the episode (the debt
  stayed ≥ ``min_debt``), so nothing already sent is sent again;
* «не напоминать до» later than the as-of date holds every notice of the client
  (listed in the report), and records nothing, so the ladder resumes on that date;
* a disconnected client with a debt goes up the ladder like any other;
* суд needs the debt ≥ ``court_min_debt`` (default 10 000 ₽, the smallest court fee): below
  it the ladder stops at the claim, and the report says so.
"""

from dataclasses import dataclass, field

from ..textfmt import date_ru, money


@dataclass
class Decision:
    """What to do for one debtor today."""
    code: str
    account: object                               # jobs.ledger.accounts.Account
    send: list = field(default_factory=list)      # stages.Stage to send now, ladder order
    skip: list = field(default_factory=list)      # stages.Stage to record as skipped
    held_until: object = None                     # «не напоминать до» date when held
    reason: str = ''                              # Russian: why (for the dry run and the log)
    unposted: list = field(default_factory=list)  # bank payments that may be this debtor's (held then)

    @property
    def acts(self):
        return bool(self.send) and self.held_until is None and not self.unposted


def reached(account, stages):
    """The stages of *stages* the account has reached (ladder order).

    A stage with its own debt threshold (суд: ``court_min_debt``) is not reached
    by a smaller debt, however old: the ladder stops below it.
    """
    top = account.stage
    if top is None:
        return []
    out = []
    for s in stages:
        if not below_threshold(account, s):
            out.append(s)
        if s.code == top.code:
            break
    return out


def below_threshold(account, stage):
    """True when *stage* has its own threshold and the overdue debt is under it."""
    return stage.min_debt is not None and account.overdue_debt < stage.min_debt


def stopped_at(account, stages):
    """The stages the account's days reached but its debt is too small for (ladder order)."""
    top = account.stage
    out = []
    for s in stages if top is not None else ():
        if below_threshold(account, s):
            out.append(s)
        if s.code == top.code:
            break
    return out


def decide(account, client, recorded, stages):
    """The :class:`Decision` for *account*, or ``None`` when there is nothing to do.

    *recorded*: the stage codes already in ``notices`` for this client's current
    episode (sent or skipped).
    """
    if account.stage is None or account.episode is None:
        return None
    got = reached(account, stages)
    client_stages = [s for s in got if not s.internal]
    internal = [s for s in got if s.internal]
    d = Decision(account.code, account)
    why = []
    if client_stages:
        top = client_stages[-1]
        if top.code not in recorded:
            d.send.append(top)
            d.skip = [s for s in client_stages[:-1] if s.code not in recorded]
            why.append('просрочка %d дн. ≥ %d — %s' % (account.days_overdue, top.days, top.name))
            if d.skip:
                why.append('пропущены стадии: %s' % ', '.join(s.name for s in d.skip))
    for s in internal:
        if s.code not in recorded:
            d.send.append(s)
            why.append('просрочка %d дн. ≥ %d — передать в суд' % (account.days_overdue, s.days))
    if not d.send:
        return None
    for s in stopped_at(account, stages):
        why.append('%s не наступает: долг меньше порога %s' % (s.name, money(s.min_debt)))
    until = getattr(client, 'no_dunning_until', None)
    if until is not None and until > account.as_of:
        d.held_until = until
        why.append('не напоминать до %s' % date_ru(until))
    d.reason = '; '.join(why)
    return d
