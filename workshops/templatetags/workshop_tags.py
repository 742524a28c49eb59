from django import template
from django.utils.translation import gettext as _

from workshops.choices import QuestionKind

register = template.Library()


@register.filter
def answer_text(answer, question):
    """Return a participant's answer in the reader's language."""
    if question.kind == QuestionKind.NUMERIC:
        return f"{answer.number.normalize():f}" if answer.number is not None else ""
    if question.kind == QuestionKind.TRUE_FALSE:
        return _("True") if answer.truth else _("False")
    return "; ".join(choice.label for choice in answer.choices.all())


@register.filter
def pct(value):
    """Return a percentage rounded to a whole number, or a dash when undefined."""
    return "—" if value is None else f"{value:.0f}%"


@register.filter
def fraction(value):
    """Return a gain or index to two decimals, or a dash when undefined."""
    return "—" if value is None else f"{value:.2f}"


ROW_HEIGHT = 48
BAR_SPACE = 240  # of the chart's 320 units: the rest holds the value label


@register.filter
def chart_row(index):
    """Return the top of a chart row."""
    return index * ROW_HEIGHT


@register.filter
def chart_height(count):
    """Return the height of a chart of this many rows."""
    return max(count, 1) * ROW_HEIGHT


@register.filter
def bar_width(value):
    """Return a bar's width in chart units for a percentage (0 when undefined)."""
    return 0 if value is None else round(BAR_SPACE * max(0, min(100, value)) / 100)
