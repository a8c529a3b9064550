"""``b2bkit excel install`` and ``b2bkit excel vba``: the kit's functions in Excel
through the classic, open-source xlwings add-in (never xlwings PRO / Server).

``install`` does what Python can: it writes the xlwings user config
(``~/.xlwings/xlwings.conf``: the interpreter, ``UDF MODULES`` = ``addin.udfs``
and the ``PYTHONPATH`` where the kit lives) and, on Windows, runs
``xlwings addin install``. ``vba`` prints the VBA module xlwings' «Import
Functions» would put into a workbook, produced by xlwings' own generator.
"""

import importlib.util
import io
import os
import subprocess
import sys
import types
from pathlib import Path

from ..errors import UserError
from ..files import write_bytes
from ..libreoffice.install import kit_path
from .options import HELP

UDF_MODULE = 'addin.udfs'
WINDOWS_ONLY = ('pythoncom', 'pywintypes', 'win32com', 'win32com.client')


def register(sub, common):
    p = sub.add_parser('excel', parents=[common], help=HELP['excel']['help'])
    excel_sub = p.add_subparsers(dest='excel_command', metavar='ДЕЙСТВИЕ', title='действия')
    inst = excel_sub.add_parser('install', parents=[common], help=HELP['excel install']['help'])
    inst.set_defaults(func=install)
    vba = excel_sub.add_parser('vba', parents=[common], help=HELP['excel vba']['help'])
    vba.add_argument('--out', metavar='ФАЙЛ.bas', help=HELP['excel vba']['--out'])
    vba.set_defaults(func=print_vba)
    p.set_defaults(func=lambda args: p.print_help() or 2)


# -- install ---------------------------------------------------------------------

def config_path():
    """The xlwings user config, where the add-in reads its settings (Windows: %USERPROFILE%)."""
    return Path.home() / '.xlwings' / 'xlwings.conf'


def _interpreter():
    """The interpreter Excel should start: pythonw.exe on Windows (no console window)."""
    exe = Path(sys.executable)
    if sys.platform.startswith('win'):
        pythonw = exe.with_name('pythonw.exe')
        if pythonw.exists():
            return str(pythonw)
    return str(exe)


def update_config(path, settings):
    """Set *settings* (key → value) in an xlwings config file, keeping other keys.

    The format is xlwings': one ``"KEY","VALUE"`` line per setting.
    """
    ours = {k.upper() for k in settings}
    lines = []
    if path.exists():
        for line in path.read_text(encoding='utf-8').splitlines():
            key = line.split(',', 1)[0].strip().strip('"').upper()
            if line.strip() and key not in ours:
                lines.append(line)
    lines += ['"%s","%s"' % (k, v) for k, v in settings.items()]
    # The platform's line ends (CRLF on Windows), as a text-mode write gives: VBA's
    # Line Input, which the add-in can read the file with, does not split at a bare LF.
    write_bytes(path, ''.join(line + os.linesep for line in lines).encode('utf-8'))


def install(args):
    windows = sys.platform.startswith('win')
    key = 'INTERPRETER_WIN' if windows else 'INTERPRETER_MAC' if sys.platform == 'darwin' else 'INTERPRETER'
    settings = {key: _interpreter(), 'UDF MODULES': UDF_MODULE, 'PYTHONPATH': str(kit_path())}
    path = config_path()
    try:
        update_config(path, settings)
    except OSError as exc:
        raise UserError('не удалось записать настройки xlwings в «%s»: %s' % (path, exc.strerror or exc))
    print('Настройки xlwings записаны в %s:' % path)
    for k, v in settings.items():
        print('  %s = %s' % (k, v))
    if windows:
        cmd = [sys.executable, '-m', 'xlwings.cli', 'addin', 'install']
        result = subprocess.run(cmd)
        if result.returncode != 0:
            raise UserError('команда «xlwings addin install» завершилась с ошибкой (код %d). '
                            'Закройте Excel и повторите' % result.returncode)
        print('Надстройка xlwings установлена (xlwings addin install).')
    else:
        print('Excel с надстройкой xlwings работает только в Windows. На компьютере с Windows и '
              'Excel установите Python и набор (pip install …) и выполните там '
              '«b2bkit excel install» — команда запишет эти же настройки с путями того '
              'компьютера и установит надстройку («xlwings addin install»).')
    print()
    print(HELP['excel install']['manual_steps'])
    return 0


# -- vba ---------------------------------------------------------------------------

class _Workbook:
    """What xlwings' generator asks of the Excel workbook: its name (.xlsm → ThisWorkbook)."""
    Name = 'Книга.xlsm'


def vba_module():
    """The VBA module text xlwings' «Import Functions» generates for :mod:`addin.udfs`.

    xlwings' generator lives in ``xlwings.udfs``, which imports Windows-only
    modules; elsewhere they are stubbed for the duration of the call, and a fresh
    copy of ``addin.udfs`` is loaded with xlwings' real decorators so every
    function carries the ``__xlfunc__`` description the generator reads. The
    stubs, the decorators and the modules are put back afterwards.
    """
    import xlwings

    saved_modules = {name: sys.modules.get(name) for name in WINDOWS_ONLY + ('xlwings.udfs',)}
    saved_decorators = {name: getattr(xlwings, name, None) for name in ('func', 'arg', 'ret')}
    had_udfs_attr = hasattr(xlwings, 'udfs')
    try:
        if not sys.platform.startswith('win'):
            for name in WINDOWS_ONLY:
                stub = types.ModuleType(name)
                stub.CoInitialize = lambda: None
                stub.Dispatch = lambda *a, **k: None
                stub.com_error = OSError
                sys.modules[name] = stub
            sys.modules['win32com'].client = sys.modules['win32com.client']
            sys.modules.pop('xlwings.udfs', None)
        xl_udfs = importlib.import_module('xlwings.udfs')
        xlwings.func, xlwings.arg, xlwings.ret = xl_udfs.xlfunc, xl_udfs.xlarg, xl_udfs.xlret
        spec = importlib.util.find_spec(UDF_MODULE)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)      # a private copy: sys.modules keeps the real one
        out = io.StringIO()
        writer = xl_udfs.VBAWriter(out)
        # The same header xlwings.udfs.import_udfs writes before the functions.
        writer.writeln('Attribute VB_Name = "xlwings_udfs"')
        writer.writeln("'Autogenerated code by xlwings - changes will be lost with next import!")
        writer.writeln("""#Const App = "Microsoft Excel" 'Adjust when using outside of Excel""")
        xl_udfs.generate_vba_wrapper(UDF_MODULE, module, out, _Workbook())
        return out.getvalue()
    finally:
        for name, value in saved_decorators.items():
            setattr(xlwings, name, value)
        if not had_udfs_attr and hasattr(xlwings, 'udfs'):
            del xlwings.udfs
        for name, module in saved_modules.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module


def print_vba(args):
    text = vba_module()
    if args.out:
        out = Path(args.out)
        try:
            # The VBA editor imports .bas files with Windows line ends; the text is ASCII.
            write_bytes(out, text.replace('\r\n', '\n').replace('\n', '\r\n').encode('ascii'))
        except OSError as exc:
            raise UserError('не удалось записать «%s»: %s' % (out, exc.strerror or exc))
        print('VBA-модуль записан в %s (в редакторе VBA: File → Import File…).' % out)
    else:
        sys.stdout.write(text)
    return 0
