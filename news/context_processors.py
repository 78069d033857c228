from .models import Category


def menu(request):
    """Categories shown in the site menu; lazy, so pages that do not render the menu pay no query."""
    return {"menu_categories": Category.objects.filter(show_in_menu=True).only("name", "slug", "order")}
