from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "danvan"
admin.site.site_title = "danvan"

urlpatterns = [
    path("", include("danvan.web.urls")),
    path("cong-dan/cong-khai/", include("danvan.disclosures.public_urls")),
    path("cong-dan/bieu-quyet/", include("danvan.decisions.public_urls")),
    path("cong-dan/y-kien/", include("danvan.consultations.public_urls")),
    path("cong-dan/", include("danvan.portal.urls")),
    path("accounts/", include("danvan.accounts.urls")),
    path("staff/petitions/", include("danvan.petitions.urls")),
    path("staff/cases/", include("danvan.cases.urls")),
    path("staff/topics/", include("danvan.topics.urls")),
    path("staff/reception/", include("danvan.reception.urls")),
    path("staff/disclosures/", include("danvan.disclosures.urls")),
    path("staff/decisions/", include("danvan.decisions.urls")),
    path("staff/boards/", include("danvan.boards.urls")),
    path("staff/dialogues/", include("danvan.dialogues.urls")),
    path("staff/mediation/", include("danvan.mediation.urls")),
    path("staff/compliance/", include("danvan.compliance.urls")),
    path("staff/hotspots/", include("danvan.hotspots.urls")),
    path("staff/consultations/", include("danvan.consultations.urls")),
    path("staff/notifications/", include("danvan.notifications.urls")),
    path("staff/reports/", include("danvan.reports.urls")),
    path("staff/exports/", include("danvan.exports.urls")),
    path("api/v1/", include("danvan.api.urls")),
    path("open311/v2/", include("danvan.open311.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler403 = "danvan.web.errors.permission_denied"
handler404 = "danvan.web.errors.not_found"
handler500 = "danvan.web.errors.server_error"
