"""Public views of the awards app (thin: the work is in awards.honours.roll)."""

from django.core.paginator import Paginator
from django.shortcuts import render

from awards.honours.roll import HonourPages, entries_for, year_blocks
from core.http import read_only_page
from core.numbers import parse_number

from .filters import HonourRollFilter

PER_PAGE = 50


@read_only_page
def honour_roll(request):
    """/khen-thuong/: collectives, individuals and party badges, year by year."""
    honour_filter = HonourRollFilter(request.GET or None)
    year, form = honour_filter.values()
    paginator = Paginator(HonourPages(year, form), PER_PAGE)
    page = paginator.get_page(parse_number(request.GET.get("page")) or 1)
    blocks = year_blocks(entries_for(page.object_list), with_titles=not form)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": honour_filter,
        "blocks": blocks,
        "page_obj": page,
        "query_string": query.urlencode(),
        "year": year,
    }
    return render(request, "awards/honour_roll.html", context)
