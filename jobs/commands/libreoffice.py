"""``b2bkit libreoffice install|uninstall [--profile DIR]``: the kit's worksheet
functions for LibreOffice Calc (a Basic module in "My Macros" → Standard, and the
Python bridge), put into or taken out of a LibreOffice user profile."""

from ..libreoffice import install as lo_install
from .options import HELP


def register(sub, common):
    p = sub.add_parser('libreoffice', help=HELP['libreoffice']['help'])
    actions = p.add_subparsers(dest='libreoffice_action', metavar='ДЕЙСТВИЕ', title='действия')
    actions.required = True
    for name, func in (('install', run_install), ('uninstall', run_uninstall)):
        texts = HELP['libreoffice ' + name]
        q = actions.add_parser(name, help=texts['help'], description=texts['help'])
        q.add_argument('--profile', metavar='ПАПКА', help=texts['--profile'] % lo_install.default_profile())
        q.set_defaults(func=func)


def _profile(args):
    return args.profile or lo_install.default_profile()


def _print_paths(title, paths):
    print(title)
    for path in paths:
        print('  %s' % path)


def run_install(args):
    profile = _profile(args)
    changed = lo_install.install(profile)
    if changed:
        _print_paths('Функции isp-b2b-kit установлены в профиль LibreOffice %s:' % profile, changed)
    else:
        print('Функции isp-b2b-kit уже установлены в профиль LibreOffice %s, изменений нет.' % profile)
    print('Модель берётся из %s. Настройка безопасности макросов не нужна: '
          '«Мои макросы» LibreOffice считает доверенными.' % lo_install.kit_path())
    if lo_install.is_running(profile):
        print('LibreOffice сейчас открыт с этим профилем: закройте его полностью и откройте снова, '
              'чтобы функции появились.')
    return 0


def run_uninstall(args):
    profile = _profile(args)
    removed = lo_install.uninstall(profile)
    if removed:
        _print_paths('Функции isp-b2b-kit удалены из профиля LibreOffice %s:' % profile, removed)
    else:
        print('В профиле LibreOffice %s функций isp-b2b-kit нет, удалять нечего.' % profile)
    if removed and lo_install.is_running(profile):
        print('LibreOffice сейчас открыт с этим профилем: функции исчезнут после его перезапуска.')
    return 0
