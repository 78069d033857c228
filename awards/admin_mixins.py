"""What the awards admin classes share (one implementation each)."""

from django.contrib import messages


class RecordedByMixin:
    """``save_model`` stamps the acting user on ``recorded_by`` and shows the form's warnings.

    ``restamp_on_change``: a commendation or rating names whoever last entered it ("người
    nhập", as the cell sheet does in awards.ratings); a badge keeps who first recorded it
    ("người ghi nhận", as awards.badges.recording does).
    Warnings come from the form's ``warnings()`` when it has one; they never block the save.
    """

    restamp_on_change = True

    def save_model(self, request, obj, form, change):
        if self.restamp_on_change or not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
        for warning in getattr(form, "warnings", list)():
            messages.warning(request, warning)
