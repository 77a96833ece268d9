from django.conf import settings

from trienkhai.exports import lists


def site(request):
    # A list longer than EXCEL_MAX_ROWS offers CSV only (templates/_list_links.html).
    return {"SITE_NAME": settings.SITE_NAME, "EXCEL_MAX_ROWS": lists.EXCEL_MAX_ROWS}
