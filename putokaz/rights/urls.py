from django.urls import path

from putokaz.rights import views

app_name = "rights"
urlpatterns = [
    path("guide/rights/", views.article_list, name="article_list"),
    path("guide/rights/<slug:slug>/", views.article_detail, name="article_detail"),
]
