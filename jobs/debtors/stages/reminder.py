"""Напоминание: a polite reminder with the debt and the payment requisites, by e-mail and SMS."""

from . import DEFAULT_DAYS, Stage

STAGE = Stage(code='reminder', name='напоминание', days=DEFAULT_DAYS['reminder'], sms=True)
