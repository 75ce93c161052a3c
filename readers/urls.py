from django.urls import path, re_path

from readers import gallery, indeks, live, most_read, preview, topics, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("berita/", views.ArticleListView.as_view(), name="list"),
    path("berita/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("berita/<slug:slug>/terbaru/", live.LiveUpdatesView.as_view(), name="live-updates"),
    # An article's gallery (Foto): the first picture, then each by its number.
    path("berita/<slug:slug>/foto/", gallery.GalleryView.as_view(), name="gallery"),
    path(
        "berita/<slug:slug>/foto/<int:number>/",
        gallery.GalleryView.as_view(),
        name="gallery-picture",
    ),
    path("pratinjau/<int:pk>/", preview.ArticlePreviewView.as_view(), name="preview"),
    path(
        "pratinjau/<int:pk>/perubahan/",
        preview.WorkingCopyPreviewView.as_view(),
        name="preview-change",
    ),
    path(
        "pratinjau/tautan/<str:token>/",
        preview.SharedPreviewView.as_view(),
        name="shared-preview",
    ),
    path("halaman/<slug:slug>/", views.StaticPageView.as_view(), name="page"),
    path("rubrik/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("sumber/<slug:slug>/", views.SourceView.as_view(), name="source"),
    path("penulis/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("cari/", views.SearchView.as_view(), name="search"),
    path("topik/<slug:slug>/", topics.TopicView.as_view(), name="topic"),
    path("terpopuler/", most_read.MostReadView.as_view(), name="most-read"),
    path("hitung/<int:pk>/", most_read.count_visit, name="count-visit"),
    path("indeks/", indeks.DayIndexView.as_view(), name="indeks"),
    re_path(
        r"^indeks/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/(?P<day>[0-9]{2})/$",
        indeks.DayIndexView.as_view(),
        name="indeks-day",
    ),
    path("bahasa/", views.LanguageView.as_view(), name="language"),
]
