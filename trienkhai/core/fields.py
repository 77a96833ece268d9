"""Form fields that read and show numbers the Vietnamese way ("80,5", "1.200"), so what
is typed is what is stored, and what is stored is shown back as it was typed."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.lib.vnformat import format_number, parse_number


def plain(value) -> str:
    """A stored decimal as a person types it: "80,5" for 80.50, "1.200" for 1200.0000."""
    if value in (None, ""):
        return ""
    if not isinstance(value, Decimal):
        try:
            value = parse_number(str(value))
        except ValueError:
            return str(value)  # what was typed, shown back for correction
    value = value.normalize()
    decimals = max(0, -value.as_tuple().exponent)
    return format_number(value, decimals)


class VietnameseDecimalInput(forms.TextInput):
    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        return plain(value) or None


class VietnameseDecimalField(forms.Field):
    """A decimal typed with "," for decimals and "." for thousands, within bounds; the
    number kept to `decimal_places` only when nothing is lost (else refused)."""

    widget = VietnameseDecimalInput
    default_error_messages = {
        "invalid": _("“%(value)s” không phải là số."),
        "min_value": _("Giá trị phải từ %(limit)s trở lên."),
        "max_value": _("Giá trị phải từ %(limit)s trở xuống."),
        "decimals": _("Chỉ ghi tối đa %(n)s chữ số thập phân."),
    }

    def __init__(self, *, min_value=None, max_value=None, decimal_places=2, **kwargs):
        self.min_value, self.max_value, self.decimal_places = min_value, max_value, decimal_places
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, Decimal):
            number = value
        else:
            try:
                number = parse_number(str(value))
            except (ValueError, TypeError):
                raise forms.ValidationError(
                    self.error_messages["invalid"], code="invalid", params={"value": value}
                ) from None
        if not number.is_finite():
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            )
        if number != number.quantize(Decimal(1).scaleb(-self.decimal_places)):
            raise forms.ValidationError(
                self.error_messages["decimals"], code="decimals", params={"n": self.decimal_places}
            )
        return number

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_value is not None and value < self.min_value:
            raise forms.ValidationError(
                self.error_messages["min_value"], params={"limit": plain(self.min_value)}
            )
        if self.max_value is not None and value > self.max_value:
            raise forms.ValidationError(
                self.error_messages["max_value"], params={"limit": plain(self.max_value)}
            )
