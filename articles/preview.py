"""The staff preview: an article not yet public, rendered as readers will see it."""

from django.http import Http404
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView

from .models import Article
from .views import ArticleDetailView


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(ArticleDetailView):
    """`/pratinjau/<id>/`: any article on the viewer's desk; readers get a 404."""

    def get_queryset(self):
        user = self.request.user
        if not (user.is_active and user.is_staff):
            raise Http404
        return Article.objects.on_desk_of(user).for_reading()

    def get(self, request, *args, **kwargs):
        # Found by id, so the public view's old-address redirects do not apply.
        response = DetailView.get(self, request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)
