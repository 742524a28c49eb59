from django import template

register = template.Library()


@register.filter
def suppressed_text(cell, k):
    """Return a suppressed cell as readers see it: "fewer than k"."""
    return cell.display(k)
