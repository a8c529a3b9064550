"""Stages of a deal (стадии сделки) in the pipeline register.

контакт → встреча → КП → обследование → договор → подключение, or отказ (with
a reason). Each stage has its own date column in the register; a deal's stage
is the furthest one reached.

>>> parse(' кп '), parse('Подключение'), index('договор')
('КП', 'подключение', 4)
>>> parse('думают')
Traceback (most recent call last):
...
ValueError: ожидается стадия: контакт, встреча, КП, обследование, договор, подключение или отказ
"""

CONTACT, MEETING, PROPOSAL, SURVEY, CONTRACT, CONNECTED, LOST = (
    'контакт', 'встреча', 'КП', 'обследование', 'договор', 'подключение', 'отказ')
#: The stages of the funnel, in order (отказ is not one of them).
FUNNEL = (CONTACT, MEETING, PROPOSAL, SURVEY, CONTRACT, CONNECTED)
ALL = FUNNEL + (LOST,)
EXPECTED = 'ожидается стадия: %s или %s' % (', '.join(FUNNEL), LOST)


def key(text):
    """A stage name as compared: lower case, single spaces, «ё» → «е»."""
    return ' '.join(str(text or '').replace('ё', 'е').replace('Ё', 'Е').split()).lower()


_BY_KEY = {key(s): s for s in ALL}
_BY_KEY.update({'коммерческое предложение': PROPOSAL, 'kp': PROPOSAL})


def parse(text):
    """The canonical spelling of a stage; ValueError (Russian) for anything else."""
    try:
        return _BY_KEY[key(text)]
    except KeyError:
        raise ValueError(EXPECTED)


def index(stage):
    """Position in the funnel (контакт = 0 … подключение = 5)."""
    return FUNNEL.index(stage)
