"""The unified social credit code (统一社会信用代码) of GB 32100-2015."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The 31 characters a code may use (no I, O, S, V, Z), in the order of their values.
CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CREDIT_CODE_LENGTH = 18

MSG_CREDIT_CODE_LENGTH = _("A unified social credit code has 18 characters; “%(code)s” has %(length)d.")
MSG_CREDIT_CODE_CHARS = _(
    "“%(code)s” contains “%(char)s”, which a unified social credit code cannot contain "
    "(digits and capital letters other than I, O, S, V, Z)."
)
MSG_CREDIT_CODE_CHECK = _(
    "“%(code)s” is not a valid unified social credit code: its check character should be "
    "“%(expected)s”, not “%(actual)s”."
)


def credit_code_check_char(first17: str) -> str:
    """The 18th character that GB 32100-2015 computes from the first 17."""
    total = sum(CREDIT_CODE_CHARSET.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS))
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    code = value or ""
    if len(code) != CREDIT_CODE_LENGTH:
        raise ValidationError(
            MSG_CREDIT_CODE_LENGTH, code="credit_code_length", params={"code": code, "length": len(code)}
        )
    for char in code:
        if char not in CREDIT_CODE_CHARSET:
            raise ValidationError(
                MSG_CREDIT_CODE_CHARS, code="credit_code_chars", params={"code": code, "char": char}
            )
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(
            MSG_CREDIT_CODE_CHECK,
            code="credit_code_check",
            params={"code": code, "expected": expected, "actual": code[17]},
        )
