"""``{% start_page_blocks as sections %}``: the blocks of core.dashboard for the admin index."""

from django import template

from core import dashboard

register = template.Library()


@register.simple_tag(takes_context=True)
def start_page_blocks(context):
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    return dashboard.blocks_for(request.user)
