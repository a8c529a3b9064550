"""``make bench``: the performance figures of SPEC section 9.

Each benchmark prints what it measured, the median of several runs and, where
one exists, a baseline measured in the same run with the ratio. Results are
written to BENCHMARKS.md. Speed goals live here, never in the test suite.
"""

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RESULTS = []


def median_time(fn, repeat=5, number=1):
    """Median seconds per call of *fn* over *repeat* rounds of *number* calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return statistics.median(times)


def record(name, data, value, unit, target, baseline=None, baseline_name=None, note=''):
    RESULTS.append(dict(name=name, data=data, value=value, unit=unit, target=target,
                        baseline=baseline, baseline_name=baseline_name, note=note))
    ratio = ' (baseline %s: %.3g %s, ratio %.2f)' % (baseline_name, baseline, unit, value / baseline) \
        if baseline else ''
    print('%-40s %.3g %s%s  [target %s]' % (name, value, unit, ratio, target), flush=True)


def bench_payroll():
    from addin import model
    from decimal import Decimal
    args = (Decimal('85000'), 20, 21, Decimal('23500.50'), Decimal('950000'), 2026)
    per_call = median_time(lambda: model.payroll_row(*args), repeat=7, number=2000)
    record('model: one B2B_PAYROLL call (payroll_row)', 'one employee, 2026, «общий»',
           per_call * 1e6, 'µs', '≤ 20 µs median')


BENCHMARKS = [bench_payroll]


def write_report(path=ROOT / 'BENCHMARKS.md'):
    import platform
    lines = ['# Benchmarks', '',
             'Produced by `make bench` (tests/bench.py) on %s, Python %s, %d cores.'
             % (platform.platform(), platform.python_version(), __import__('os').cpu_count()), '',
             '| benchmark | data | median | target | baseline | ratio | note |',
             '|---|---|---|---|---|---|---|']
    for r in RESULTS:
        base = '%s: %.3g %s' % (r['baseline_name'], r['baseline'], r['unit']) if r['baseline'] else '—'
        ratio = '%.2f' % (r['value'] / r['baseline']) if r['baseline'] else '—'
        lines.append('| %s | %s | %.3g %s | %s | %s | %s | %s |' % (
            r['name'], r['data'], r['value'], r['unit'], r['target'], base, ratio, r['note']))
    path.write_text('\n'.join(lines) + '\n', encoding='utf-8')


if __name__ == '__main__':
    for bench in BENCHMARKS:
        bench()
    write_report()
