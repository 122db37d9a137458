import pytest
from django.core.exceptions import ValidationError

from organizations.validators import credit_code_check_char, validate_credit_code


@pytest.mark.parametrize("code", ["53341122GUJ65RGFLK", "91341122TG2116W7K1", "51341122AQ7G902JQF"])
def test_sample_register_codes_are_valid(code):
    validate_credit_code(code)


def test_wrong_check_character_names_the_expected_one():
    good = "91341122TG2116W7K1"
    bad = good[:17] + ("2" if good[17] != "2" else "3")
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(bad)
    assert exc.value.code == "credit_code_check"
    assert "K1" not in exc.value.params["actual"]
    assert exc.value.params["expected"] == "1"


def test_wrong_length_and_forbidden_letters_are_refused():
    with pytest.raises(ValidationError) as exc:
        validate_credit_code("9134112")
    assert exc.value.code == "credit_code_length"
    with pytest.raises(ValidationError) as exc:
        validate_credit_code("91341122TG2116W7KO")
    assert exc.value.code == "credit_code_chars"
    assert exc.value.params["char"] == "O"


def test_check_char_is_zero_when_sum_is_a_multiple_of_31():
    # "00000000000000000" sums to 0, so the check is (31 - 0) mod 31 = 0.
    assert credit_code_check_char("0" * 17) == "0"
