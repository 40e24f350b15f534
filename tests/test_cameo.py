import pytest

from detente.cameo import all_codes, lookup


def test_every_reference_code_is_shipped_with_scores():
    codes = all_codes()
    assert len(codes) == 311
    roots = {c.root for c in codes}
    assert roots == {f"{i:02d}" for i in range(1, 21)}


def test_codes_keep_leading_zeros_and_carry_goldstein_quad_and_plover():
    visit = lookup("042")
    assert visit.name == "Make a visit" and visit.goldstein == 1.9 and visit.quad == 1
    assert visit.plover == "CONSULT" and visit.plover_mode == "visit"
    fight = lookup("190")
    assert fight.quad == 4 and fight.goldstein == -10.0 and fight.plover == "ASSAULT"


def test_gdelt_and_plover_quads_differ_where_the_codebooks_do():
    protest = lookup("141")
    assert protest.quad == 3  # GDELT: roots 10-14 are verbal conflict
    assert protest.plover_quad == 4  # PLOVER: PROTEST is material conflict


def test_unknown_code_is_a_clear_error():
    with pytest.raises(KeyError, match="unknown CAMEO code '999'"):
        lookup("999")


def test_every_description_reads_in_sentence_case():
    # a report lists roots and fine codes side by side: none shouts
    from detente.cameo import all_codes, lookup

    assert lookup("01").name == "Make public statement"
    assert not [c.code for c in all_codes() if c.name.isupper()]
