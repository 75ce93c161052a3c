"""How the desk's bulk actions move articles: each asks the model, article by article.

`ArticleAdmin` (the workflow) and `IntegrityAdminMixin` (takedowns) both build their
actions from these two functions; a refusal is reported for its article and stops no other.
"""

from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _


def move_each(model_admin, request, queryset, move, done_message):
    """Call `move(article)` for each article, and report what it did.

    A `ValidationError` from the model is an error message naming the article; each move
    that worked is logged, and `done_message` (with a `count`) says how many there were.
    """
    done = 0
    for article in queryset:
        try:
            move(article)
        except ValidationError as error:
            model_admin.message_user(
                request,
                _("“%(title)s”: %(reason)s")
                % {"title": article.title, "reason": " ".join(error.messages)},
                messages.ERROR,
            )
        else:
            done += 1
            model_admin.log_change(request, article, str(article.state_label))
    if done:
        model_admin.message_user(request, done_message % {"count": done}, messages.SUCCESS)


def ask_then_move_each(model_admin, request, queryset, form_class, title, template, move, done):
    """An action that first asks for a value (a time, a reason) on a page of its own.

    Until `form_class` is valid the action answers with `template`; then it is `move_each`
    with `move(article, cleaned_data)`.
    """
    form = form_class(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        move_each(
            model_admin, request, queryset, lambda article: move(article, form.cleaned_data), done
        )
        return None
    context = model_admin.admin_site.each_context(request) | {
        "title": title,
        "opts": model_admin.opts,
        "form": form,
        "articles": queryset,
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, template, context)
