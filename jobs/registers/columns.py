"""Whole columns of register cells → typed arrays and masks (столбцы реестра).

Each function takes one column (a pandas Series of cells as :mod:`.csv_files`
or :mod:`.xlsx` deliver them) and returns a :class:`Parsed`: the values, the
Russian «what is expected» per cell (``None`` where the cell is fine) and the
mask of empty cells. The per-cell rules are those of :mod:`.values`; they run
once per *distinct* cell value (``pandas.factorize``), so a column of millions
of cells costs a few C-level passes plus one Python call per distinct value.
Plain amounts (``1234,50``) and text identifiers never reach Python at all.
"""

from collections import namedtuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import values

Parsed = namedtuple('Parsed', 'values error empty')
Parsed.__doc__ = """values: array (ndarray or pandas array); error: object ndarray of str | None; empty: bool ndarray."""

NAT = np.datetime64('NaT', 'D')
_PLAIN_AMOUNT = r'-?\d{1,13}(?:[.,]\d{1,2})?'


def fine(n):
    """The error array of *n* cells without an error: one ``None`` seen *n* times (read-only, no memory)."""
    return np.broadcast_to(np.array(None, object), (n,))


def is_text(cells):
    """Whether every cell of *cells* is text (a CSV column), so pandas' string methods apply."""
    return pd.api.types.is_string_dtype(cells.dtype) and not pd.api.types.is_object_dtype(cells.dtype)


def by_value(cells, parse, convert=None, ok=None):
    """*parse* each distinct cell of *cells* once; empty cells are left to the caller.

    *convert* turns the list of parsed distinct values into an array that
    supports ``take`` (default: an object ndarray; ``'str'``: pandas text; ``'category'``: a Categorical).
    *ok* (text cells): a vectorised rule, stripped cells → (mask, values) of the cells it
    accepts as written; *parse* then runs only on the others and words their problems.
    """
    codes, uniques = pd.factorize(cells, use_na_sentinel=False)
    parsed, errors = np.empty(len(uniques), object), np.full(len(uniques), None, object)
    empty = np.zeros(len(uniques), bool)
    rest = np.arange(len(uniques))
    if ok is not None and is_text(cells):
        good, accepted = ok(pc.utf8_trim_whitespace(arrow(uniques)))
        parsed[good] = accepted
        rest = np.flatnonzero(~good)
    for k, cell in zip(rest.tolist(), uniques.take(rest).tolist()):    # a list: iterating arrow is slow
        if cell is None or (cell.__class__ is str and not cell.strip()) or cell != cell:
            empty[k] = True
            continue
        try:
            parsed[k] = parse(cell)
        except values.BadValue as exc:
            errors[k] = exc.expected
    errors = errors[codes] if errors.any() else fine(len(codes))
    if convert == 'str':
        return Parsed(pd.array(['' if v is None else v for v in parsed.tolist()], dtype='str').take(codes),
                      errors, empty[codes])
    if convert == 'category':
        return Parsed(pd.Categorical(parsed).take(codes), errors, empty[codes])
    return Parsed((parsed if convert is None else convert(parsed.tolist()))[codes], errors, empty[codes])


def arrow(cells):
    """*cells* (a Series, a pandas or numpy array, a list of text) as a pyarrow array; no copy of a CSV column."""
    cells = getattr(cells, 'array', cells)
    return cells.__arrow_array__() if hasattr(cells, '__arrow_array__') else pa.array(np.asarray(cells, object))


def index_in(cells, keys):
    """int64 array: the position of each of *cells* (text) in the list *keys*, −1 when absent."""
    cells = arrow(cells).cast(pa.large_string())
    found = pc.index_in(cells, value_set=pa.array(list(keys), pa.large_string()))
    return pc.fill_null(found, -1).to_numpy().astype(np.int64)


def _matching(stripped, pattern):
    return pc.fill_null(pc.match_substring_regex(stripped, pattern), False).to_numpy(zero_copy_only=False)


def _as_written(stripped, mask):
    return mask, stripped.filter(mask).to_numpy(zero_copy_only=False)


#: ИНН check digits: (weights of the leading digits, position of the check digit), as stdnum.ru.inn.
_INN_CHECKS = {10: (((2, 4, 10, 3, 5, 9, 4, 6, 8), 9),),
               12: (((7, 2, 4, 10, 3, 5, 9, 4, 6, 8), 10), ((3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8), 11))}


def inn_ok(stripped):
    """The cells that are a valid ИНН as written: the checksum of ``stdnum.ru.inn`` on a digit
    matrix (a test compares the two); other cells get :func:`.validate.inn_error`'s message."""
    out = np.zeros(len(stripped), bool)
    for width, checks in _INN_CHECKS.items():
        mask = _matching(stripped, r'^[0-9]{%d}$' % width)
        d = pc.cast(stripped.filter(mask), pa.int64()).to_numpy()[:, None] // 10 ** np.arange(width)[::-1] % 10
        good = np.ones(len(d), bool)
        for weights, at in checks:
            good &= d[:, :len(weights)] @ np.array(weights) % 11 % 10 == d[:, at]
        out[np.flatnonzero(mask)[good]] = True
    return _as_written(stripped, out)


def ogrn_ok(stripped):
    """ОГРН (13 digits, body % 11 % 10) and ОГРНИП (15, body % 13 % 10) valid as written."""
    out = np.zeros(len(stripped), bool)
    for width, modulus in ((13, 11), (15, 13)):
        mask = _matching(stripped, r'^[1-9][0-9]{%d}$' % (width - 1))
        n = pc.cast(stripped.filter(mask), pa.int64()).to_numpy()
        out[np.flatnonzero(mask)[n // 10 % modulus % 10 == n % 10]] = True
    return _as_written(stripped, out)


def kpp_ok(stripped):
    return _as_written(stripped, _matching(stripped, r'^[0-9]{4}[0-9A-Z]{2}[0-9]{3}$'))


def emails_ok(stripped):
    """One plain ASCII address (a subset of :data:`.values._EMAIL`) → the tuple of it."""
    mask = _matching(stripped, r'^[A-Za-z0-9_%+\-]+(\.[A-Za-z0-9_%+\-]+)*@([A-Za-z0-9]([A-Za-z0-9\-]*'
                               r'[A-Za-z0-9])?\.)+[A-Za-z]{2,}$') & (pc.utf8_length(stripped).to_numpy() <= 254)
    return mask, np.fromiter(((a,) for a in stripped.filter(mask).to_pylist()), object, int(mask.sum()))


def phone_ok(stripped):
    """A number of ASCII digits, spaces, brackets, «+» and «-» with 10 digits (or 11 from 7 or 8) → +7XXXXXXXXXX."""
    digits = pc.replace_substring_regex(stripped, r'[ ()+\-]', '')
    mask = _matching(stripped, r'^[0-9 ()+\-]+$') & _matching(digits, r'^[78]?[0-9]{10}$')
    last = pc.utf8_slice_codeunits(digits.filter(mask), -10)
    plus7, joined = pa.scalar('+7', last.type), pa.scalar('', last.type)
    return mask, pc.binary_join_element_wise(plus7, last, joined).to_numpy(zero_copy_only=False)


def member(cells, keys):
    """Boolean array: which of *cells* (an array of text) are in the set *keys*."""
    return index_in(cells, keys) >= 0


def text(cells, parse=values.text):
    """Stripped text (``''`` when empty); a text column is stripped by pandas alone."""
    if is_text(cells) and parse in (values.text, values.identifier):
        stripped = cells.str.strip()
        return Parsed(stripped.array, fine(len(cells)), (stripped == '').to_numpy(bool))
    return by_value(cells, parse, 'str')


def kopecks(cells, distinct=False):
    """Money (руб.) → int64 kopecks; see :func:`.values.money` for the accepted forms.

    A text column is parsed once per distinct cell (a register repeats its tariffs: 2 316 distinct
    amounts in 240 000 charges); *distinct*: the cells are distinct already.
    """
    n = len(cells)
    if is_text(cells) and not distinct:
        codes, uniques = pd.factorize(cells, use_na_sentinel=False)
        p = kopecks(pd.Series(uniques), distinct=True)
        return Parsed(p.values[codes], p.error[codes] if (p.error != None).any() else fine(n),  # noqa: E711
                      p.empty[codes])
    out, errors, empty = np.zeros(n, np.int64), fine(n), np.zeros(n, bool)
    rest = np.ones(n, bool)
    if is_text(cells):
        # «12 345,50»: thousands separated by spaces as Excel writes them (plain replacements, no regex:
        # a no-break or thin space, rarer, takes the per-value path below)
        bare = pc.replace_substring(pc.replace_substring(pc.utf8_trim_whitespace(arrow(cells)), ' ', ''),
                                    '\u00a0', '')
        matched = pc.fill_null(pc.match_substring_regex(bare, '^%s$' % _PLAIN_AMOUNT), False)
        plain = matched.to_numpy(zero_copy_only=False)
        if plain.any():
            rubles = pc.cast(pc.replace_substring(bare.filter(matched), ',', '.'), pa.float64()).to_numpy()
            out[plain] = np.rint(rubles * 100).astype(np.int64)    # ≤ 15 digits: exact in a double
        del bare, matched
        rest = ~plain
    if rest.any():
        p = by_value(cells[rest], _kopecks)
        out[rest] = np.where(p.empty | (p.error != None), 0, p.values).astype(np.int64)  # noqa: E711
        errors = np.full(n, None, object)
        errors[rest], empty[rest] = p.error, p.empty
    return Parsed(out, errors, empty)


def _kopecks(cell):
    rubles = values.money(cell)
    if abs(rubles) >= 10 ** 13:
        raise values.BadValue('слишком большая сумма; ' + values.EXPECT_MONEY)
    return int(rubles * 100)


def plausible_dates(low, high):
    """The date rule of the registers: :func:`.values.date` within [*low*, *high*]."""
    def parse(cell):
        day = values.date(cell)
        if day < low:
            raise values.BadValue('дата раньше %s — проверьте год; %s' % (values.text(low), values.EXPECT_DATE))
        if day > high:
            raise values.BadValue('дата позже %s — слишком далеко вперёд, проверьте год' % values.text(high))
        return day
    return parse


def days(cells, parse):
    """Dates → ``datetime64[D]`` (NaT when empty or bad)."""
    return by_value(cells, parse, lambda parsed: np.array([NAT if d is None else np.datetime64(d, 'D')
                                                           for d in parsed], 'datetime64[D]'))
