from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
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


@register.filter
def gain(value):
    """Return a stats.Gain as "⟨g⟩ (low – high)", the interval small, or a dash when undefined (a table cell's text)."""
    if value.low is None:
        return fraction(value.g)
    return format_html("{} <small>({} – {})</small>", fraction(value.g), fraction(value.low), fraction(value.high))


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


@register.simple_tag
def workshop_result_rows(rows):
    """Return the table rows of a curriculum's workshops (across.WorkshopRow): title linked to its results, first
    day, place, took both, pre, post, gain. Formatted here rather than in a template loop: 80 rows of a dozen
    variables each cost the page about 15 ms of CPU in the template engine."""
    return format_html_join(
        "\n",
        '<tr><th scope="row"><a href="{}">{}</a><br><small>{} · {}, {}</small></th>'
        "<td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                reverse("workshops:results", args=[row.workshop.pk]),
                row.workshop.title,
                date_format(row.workshop.start_date, "j M Y"),
                row.workshop.province,
                row.workshop.country.label,
                row.gain.n,
                pct(row.gain.pre),
                pct(row.gain.post),
                gain(row.gain),
            )
            for row in rows
        ),
    )


@register.simple_tag
def time_chart_points(points):
    """Return the SVG marks of an over-time chart (charts.TimePoint: a line from pre to post, a dot for each);
    coordinates with a dot in every language, as under {% localize off %}."""
    marks = []
    for point in points:
        if point.pre_y is not None and point.post_y is not None:
            marks.append(format_html('<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#9aa5b1" stroke-width="1"></line>',
                                     str(point.x), str(point.x), str(point.pre_y), str(point.post_y)))  # fmt: skip
        if point.pre_y is not None:
            marks.append(format_html('<circle cx="{}" cy="{}" r="2.5" fill="#9aa5b1"></circle>',
                                     str(point.x), str(point.pre_y)))  # fmt: skip
        if point.post_y is not None:
            marks.append(format_html('<circle cx="{}" cy="{}" r="2.5" fill="#1d5fa8"></circle>',
                                     str(point.x), str(point.post_y)))  # fmt: skip
    return format_html_join("\n", "{}", ((mark,) for mark in marks))
