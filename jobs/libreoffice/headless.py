"""Run LibreOffice headless in a throw-away profile: recalculate and convert files.

Used by the LibreOffice tests and benchmarks. Each launch costs about a second,
so :func:`convert` takes many files at once. A LibreOffice that hangs is killed
with its whole process group (``soffice`` is a wrapper around ``soffice.bin``).
"""

import os
import shutil
import signal
import subprocess
from pathlib import Path

# OOXMLRecalcMode / ODFRecalcMode 0 = always recalculate on load, so values come
# from the macros and not from what the file cached. ooSetupInstCompleted marks
# the profile as set up: otherwise LibreOffice's first start would copy its
# presets over user/basic and drop the installed module from Standard.
_REGISTRY = '''<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/Office"><prop oor:name="ooSetupInstCompleted" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>%(mode)d</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>%(mode)d</value></prop></item>
</oor:items>
'''


class LibreOfficeError(RuntimeError):
    """LibreOffice failed, hung or produced no output."""


def find_soffice():
    """Path of the ``soffice`` program, or None."""
    for name in ('soffice', 'libreoffice'):
        found = shutil.which(name)
        if found:
            return found
    for candidate in (r'C:\Program Files\LibreOffice\program\soffice.exe',
                      '/Applications/LibreOffice.app/Contents/MacOS/soffice'):
        if os.path.exists(candidate):
            return candidate
    return None


def prepare_profile(directory, recalc=True):
    """Make *directory* a fresh profile (holding ``user/``) that recalculates on
    load (*recalc*) or never (for a baseline). Returns the directory."""
    user = Path(directory) / 'user'
    user.mkdir(parents=True, exist_ok=True)
    (user / 'registrymodifications.xcu').write_text(
        _REGISTRY % dict(mode=0 if recalc else 1), encoding='utf-8')
    return Path(directory)


def run(args, profile, timeout=120):
    """Run ``soffice --headless`` with *args* in *profile*; returns its output."""
    soffice = find_soffice()
    if not soffice:
        raise LibreOfficeError('LibreOffice (soffice) не найден')
    cmd = [soffice, '--headless', '--invisible', '--nologo', '--norestore', '--nolockcheck',
           '-env:UserInstallation=' + Path(profile).resolve().as_uri()] + [str(a) for a in args]
    posix = os.name == 'posix'
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=posix)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        if posix:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
        proc.communicate()
        raise LibreOfficeError('LibreOffice не завершился за %d с: %s' % (timeout, ' '.join(cmd)))
    text = out.decode('utf-8', 'replace')
    if proc.returncode != 0:
        raise LibreOfficeError('LibreOffice завершился с кодом %d: %s' % (proc.returncode, text))
    return text


def convert(paths, outdir, profile, fmt='xlsx', timeout=120):
    """Open (and so recalculate) every file in *paths* in one LibreOffice launch and
    save it as *fmt* into *outdir*. Returns the output paths, in order."""
    paths = [Path(p) for p in paths]
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    outputs = [outdir / (p.stem + '.' + fmt.split(':')[0]) for p in paths]
    for out in outputs:
        if out.exists():
            out.unlink()
    text = run(['--convert-to', fmt, '--outdir', outdir] + paths, profile, timeout)
    missing = [str(o) for o in outputs if not o.exists()]
    if missing:
        raise LibreOfficeError('LibreOffice не создал %s:\n%s' % (', '.join(missing), text))
    return outputs
