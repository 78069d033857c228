"""Password rules in Vietnamese.

Django's Vietnamese catalogue has no translation of the minimum-length message, so staff
saw English exactly where they choose a password; this validator words it itself.
"""

from django.contrib.auth.password_validation import MinimumLengthValidator as DjangoMinimumLengthValidator
from django.core.exceptions import ValidationError


class MinimumLengthValidator(DjangoMinimumLengthValidator):
    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                "Mật khẩu này quá ngắn: cần ít nhất %(min_length)d ký tự.",
                code="password_too_short",
                params={"min_length": self.min_length},
            )

    def get_help_text(self):
        return f"Mật khẩu cần ít nhất {self.min_length} ký tự."
