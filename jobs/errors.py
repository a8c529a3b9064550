"""Errors the user can fix; the CLI prints their Russian message without a traceback."""


class UserError(Exception):
    """Something in the user's input, settings or environment is wrong.

    The message is Russian and says where and what is expected.
    """


class MailNotSent(UserError):
    """The job did its work, but its mail could not be handed to the server (login refused, no
    password …): the message is the job's whole summary, and the exit code is not 0 so that cron and
    the scheduler see it (the scheduler retries the slot; the job's rerun adds nothing)."""


def environment_problem(exc):
    """A Russian explanation of an environment failure *exc* (disk full, read-only folder, locked or
    corrupt state database), with what to do; ``None`` when *exc* is not one of them.

    The CLI and the scheduler use it so that such a failure ends with a message a person can act on,
    never a traceback. Whatever was being written is left whole or not at all (files are written to a
    temporary file and renamed, state changes are transactions), so a rerun after the fix completes.
    """
    import errno
    import sqlite3
    where = getattr(exc, 'filename', None)
    place = ' (%s)' % where if where else ''
    full = isinstance(exc, sqlite3.OperationalError) and 'disk is full' in str(exc)
    if full or isinstance(exc, OSError):
        code = errno.ENOSPC if full else exc.errno
        if code == errno.ENOSPC or code == errno.EDQUOT:
            return 'на диске нет места%s; освободите место и запустите команду снова — ' \
                   'сделанное не потеряно' % place
        if code == errno.EROFS:
            return 'папка доступна только для чтения%s; запустите программу там, где можно писать, ' \
                   'или снимите защиту от записи' % place
        if code in (errno.EACCES, errno.EPERM):
            return 'нет прав на запись%s; проверьте права на папку оператора или закройте файл, ' \
                   'открытый в другой программе (Excel)' % place
        return None
    if isinstance(exc, sqlite3.OperationalError) and 'locked' in str(exc):
        return 'база состояния b2bkit.sqlite3 занята другой программой дольше допустимого; закройте ' \
               'программу, которая её открыла (просмотрщик SQLite, второй экземпляр b2bkit), и повторите'
    if isinstance(exc, sqlite3.OperationalError) and ('readonly' in str(exc) or 'unable to open' in str(exc)):
        return 'база состояния b2bkit.sqlite3 не открывается на запись: папка оператора только для чтения ' \
               'или нет прав на неё (%s); дайте права на запись и повторите' % exc
    if isinstance(exc, sqlite3.DatabaseError):
        return 'база состояния b2bkit.sqlite3 повреждена или это не база SQLite (%s); восстановите её из ' \
               'резервной копии или переименуйте файл — тогда программа создаст новую, но забудет, что ' \
               'уже отправлено и какие номера заняты' % exc
    return None
