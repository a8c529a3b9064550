"""Excel through the open-source xlwings add-in: ``b2bkit excel vba`` and ``excel install``."""

import re
import sys
from pathlib import Path

import pytest

from addin import catalogue
from jobs.cli import main

ROOT = Path(__file__).resolve().parents[1]
SIGNATURE = re.compile(r'^Function (B2B_\w+)\((.*)\)\s*$', re.M)
#: What the VBA generation stubs or imports for the time of the call.
GENERATION_MODULES = ('pythoncom', 'pywintypes', 'win32com', 'win32com.client', 'xlwings.udfs')


def _vba(capsys):
    assert main(['excel', 'vba']) == 0
    return capsys.readouterr().out


def test_vba_module_has_one_function_per_catalogue_entry_with_arguments_in_order(capsys):
    text = _vba(capsys)
    assert text.startswith('Attribute VB_Name = "xlwings_udfs"')
    found = {name: args for name, args in SIGNATURE.findall(text)}
    assert sorted(found) == sorted(f.name for f in catalogue.FUNCTIONS)
    for f in catalogue.FUNCTIONS:
        # VBA, like Python, wants every argument after an Optional one Optional too
        # (B2B_CHILD_DEDUCTION's income_ytd); the catalogue still requires it.
        expected = ', '.join(('Optional ' if any(catalogue.is_optional(b) for b in f.args[:i + 1]) else '')
                             + a.name for i, a in enumerate(f.args))
        assert found[f.name] == expected, f.name
        # Every call goes to the kit's module with all arguments, in order.
        call = '%s = XLPy.CallUDF("addin.udfs", "%s", Array(%s), ThisWorkbook, Application.Caller)' % (
            f.name, f.name, ', '.join(a.name for a in f.args))
        assert call in text, f.name
    assert text.count('End Function') == len(catalogue.FUNCTIONS)


def test_vba_generation_leaves_no_windows_stubs_behind(capsys):
    before = {m for m in GENERATION_MODULES if m in sys.modules}
    _vba(capsys)
    after = {m for m in GENERATION_MODULES if m in sys.modules}
    assert after == before
    from addin import udfs
    # The kit's own module is untouched: plain functions that still compute.
    assert not hasattr(udfs.B2B_NDFL, '__xlfunc__')
    assert udfs.B2B_PAYBACK(200000, 10, 5000) == 9


def test_vba_out_file_has_windows_line_ends(tmp_path, capsys):
    out = tmp_path / 'b2b.bas'
    assert main(['excel', 'vba', '--out', str(out)]) == 0
    data = out.read_bytes()
    assert b'\r\n' in data and b'\n' not in data.replace(b'\r\n', b'')
    assert len(SIGNATURE.findall(data.decode('ascii').replace('\r\n', '\n'))) == len(catalogue.FUNCTIONS)


class Installed:
    """What ``b2bkit excel install`` returned and printed (run in this process)."""

    def __init__(self, returncode, captured):
        self.returncode, self.stdout, self.stderr = returncode, captured.out, captured.err


@pytest.fixture
def install(capsys, monkeypatch):
    """``install(home, *extra)``: ``b2bkit excel install`` for a user whose home folder is *home*."""
    def run(home, *extra):
        monkeypatch.setenv('HOME', str(home))
        monkeypatch.setenv('USERPROFILE', str(home))
        capsys.readouterr()
        return Installed(main(['excel', 'install', *extra]), capsys.readouterr())
    return run


def _config(path):
    return dict(re.findall(r'^"([^"]+)","([^"]*)"$', path.read_text(encoding='utf-8'), re.M))


def test_excel_install_writes_the_xlwings_user_config(tmp_path, install):
    result = install(tmp_path)
    assert result.returncode == 0, result.stderr
    conf = tmp_path / '.xlwings' / 'xlwings.conf'
    settings = _config(conf)
    assert settings['UDF MODULES'] == 'addin.udfs'
    interpreter = [v for k, v in settings.items() if k.startswith('INTERPRETER')]
    assert interpreter and Path(interpreter[0]).exists()
    # PYTHONPATH points where `import addin.udfs` works.
    assert (Path(settings['PYTHONPATH']) / 'addin' / 'udfs.py').exists()
    out = result.stdout
    assert str(conf) in out
    assert 'Import Functions' in out and '.xlsm' in out and 'Доверять доступ' in out
    if not sys.platform.startswith('win'):
        assert 'только в Windows' in out


def test_excel_install_keeps_other_settings_and_replaces_its_own(tmp_path, install):
    conf = tmp_path / '.xlwings' / 'xlwings.conf'
    conf.parent.mkdir()
    conf.write_text('"UDF MODULES","old_module"\n"LOG FILE","C:\\\\xlwings.log"\n', encoding='utf-8')
    assert install(tmp_path).returncode == 0
    assert install(tmp_path).returncode == 0           # idempotent
    settings = _config(conf)
    assert settings['UDF MODULES'] == 'addin.udfs'
    assert settings['LOG FILE'] == 'C:\\\\xlwings.log'
    assert conf.read_text(encoding='utf-8').count('UDF MODULES') == 1
    assert [p.name for p in conf.parent.iterdir()] == ['xlwings.conf']     # written whole, no temp file


def test_readme_explains_excel_step_by_step():
    text = (ROOT / 'README.md').read_text(encoding='utf-8')
    section = text.split('## Excel (Windows)', 1)[1].split('\n## ', 1)[0]
    for must in ('b2bkit excel install', 'Import Functions', '#ИМЯ?', '.xlsm', 'xlwings addin install',
                 'PRO'):
        assert must in section, must
