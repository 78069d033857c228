def menu(request):
    """Categories shown in the site menu (filled by the news app)."""
    return {"menu_categories": []}
