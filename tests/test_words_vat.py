"""B2B_AMOUNT_IN_WORDS and B2B_VAT: the model's own Russian number words against num2words
(an independent implementation), and VAT computed by hand with the rule next to each case."""

import random
from decimal import Decimal as D

import pytest
from num2words import num2words

from addin.catalogue import call, call_for_cell
from addin.model import words


def test_integer_words_agree_with_num2words_over_many_numbers():
    rng = random.Random(17)
    numbers = list(range(0, 2100)) + [rng.randrange(10 ** k) for k in range(3, 16) for _ in range(150)]
    numbers += [10 ** k for k in range(3, 16)] + [10 ** k + 1 for k in range(3, 16)]
    for n in numbers:
        assert words.integer_words(n) == num2words(n, lang='ru'), n


@pytest.mark.parametrize('amount, text', [
    (2100, 'Две тысячи сто рублей 00 копеек'),                         # the example
    (1, 'Один рубль 00 копеек'), (2.01, 'Два рубля 01 копейка'),      # 1 рубль, 2 рубля, 1 копейка
    (5.02, 'Пять рублей 02 копейки'), (11.11, 'Одиннадцать рублей 11 копеек'),   # 11–14: «рублей»
    (21.21, 'Двадцать один рубль 21 копейка'), (1000000, 'Один миллион рублей 00 копеек'),
    (2002.005, 'Две тысячи два рубля 01 копейка'),                     # half-up: 0,005 → 0,01
    (0, 'Ноль рублей 00 копеек'), (-3.5, 'Минус три рубля 50 копеек'),
])
def test_amount_in_words(amount, text):
    assert call('B2B_AMOUNT_IN_WORDS', [amount]) == text


def test_amount_in_words_rubles_part_matches_num2words():
    rng = random.Random(5)
    for _ in range(300):
        rubles, kopecks = rng.randrange(10 ** 9), rng.randrange(100)
        text = words.amount_in_words(D(rubles) + D(kopecks) / 100)
        expected = num2words(rubles, lang='ru')
        assert text.lower().startswith(expected), (rubles, text)
        assert ' %02d ' % kopecks in text


@pytest.mark.parametrize('args, vat', [
    ([12200], 2200.00),               # 12 200 × 22/122 = 2 200,00 (rate 22 % by default, VAT included)
    ([15500, 0.22], 2795.08),         # 15 500 × 22/122 = 2 795,081… → 2 795,08
    ([10000, 0.22, False], 2200.00),  # on top: 10 000 × 0,22 = 2 200,00
    ([10000, 0.22, 'ЛОЖЬ'], 2200.00),
    ([10500, 0.05], 500.00),          # УСН 5 %: 10 500 × 5/105 = 500,00
    ([1070, 0.07], 70.00),            # УСН 7 %: 1 070 × 7/107 = 70,00
    ([0.61, 0.22], 0.11),             # 0,61 × 22/122 = 0,1100 → 0,11
    ([0.67, 0.2], 0.11),              # 0,67 × 20/120 = 0,11166… → 0,11
    ([3.05, 0.22, False], 0.67),      # 3,05 × 0,22 = 0,671 → 0,67
    ([0.25, 0.1, False], 0.03),       # 0,25 × 0,1 = 0,025 → half-up 0,03
    ([100, 0], 0.00),
])
def test_vat(args, vat):
    assert call('B2B_VAT', args) == vat


def test_vat_rejects_a_percent_written_as_a_number():
    assert call_for_cell('B2B_VAT', [100, 22]).startswith('#ОШИБКА: «ставка»')
    assert call_for_cell('B2B_VAT', [100, 0.22, 'может быть']).startswith('#ОШИБКА: «НДС в сумме»')
