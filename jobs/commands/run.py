"""``b2bkit run``: the scheduler; ``--once`` for cron / Windows Task Scheduler."""

import datetime
import logging
import signal
import threading
from contextlib import closing

from .. import home, logs, runlock, settings as settings_mod, state
from .options import HELP


def register(sub, common):
    p = sub.add_parser('run', parents=[common], help=HELP['run']['help'], description=HELP['run']['description'])
    p.add_argument('--once', action='store_true', help=HELP['run']['--once'])
    p.add_argument('--status', action='store_true', help=HELP['run']['--status'])
    p.set_defaults(func=run)


def _install_signal_handlers(stop):
    """SIGTERM / first Ctrl-C: set *stop* (current message is finished); second Ctrl-C: interrupt now."""
    if threading.current_thread() is not threading.main_thread():
        return

    def on_signal(signum, frame):
        if stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        logging.getLogger('b2bkit.run').info('Получен сигнал остановки: дописываю текущее письмо и выхожу '
                                             '(повторный Ctrl-C — прервать сразу)')
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)


def run(args):
    from ..scheduler import Scheduler, status_lines
    operator_dir = home.operator_dir(args.dir)
    settings = settings_mod.load(operator_dir)       # a broken settings file stops here, in Russian
    if args.status:
        with closing(state.connect(operator_dir)) as db:
            for line in status_lines(db, settings, datetime.datetime.now(datetime.timezone.utc)):
                print(line)
        return 0
    with runlock.InstanceLock(operator_dir):
        logs.setup(operator_dir, console=True)
        log = logging.getLogger('b2bkit.run')
        stop = runlock.stop_event
        _install_signal_handlers(stop)
        scheduler = Scheduler(operator_dir, stop=stop)
        if args.once:
            log.info('Разовый запуск для папки %s', operator_dir)
            done = scheduler.tick()
            failed = [s for s, status, _ in done if status == 'failed']
            if not done:
                log.info('Сейчас запускать нечего')
            return 1 if failed else 0
        log.info('Планировщик запущен для папки %s (процесс остановится по Ctrl-C или SIGTERM)', operator_dir)
        scheduler.run_forever()
    return 0
