"""Предупреждение: the debt and the date from which the service may be suspended, by e-mail and SMS."""

from . import DEFAULT_DAYS, Stage

STAGE = Stage(code='warning', name='предупреждение', days=DEFAULT_DAYS['warning'], sms=True)
