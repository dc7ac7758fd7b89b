"""Forum categories in the Wagtail admin (Forum categories in the menu), for moderators and administrators."""

from django.contrib import messages
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, SnippetViewSet

from .models import Category


class CategoryDeleteView(DeleteView):
    """A category with topics cannot be deleted (the topics would be lost): say so instead of failing."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError:
            messages.error(
                self.request,
                _("“%(name)s” still has topics: move them to another category first.") % {"name": self.object.name},
            )
            return redirect(self.get_success_url())


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "comment"
    menu_label = gettext_lazy("Forum categories")
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["name", "visibility", "position", "theme"]
    list_filter = ["visibility"]
    search_fields = ["name", "description"]
    ordering = ["position", "name"]
    delete_view_class = CategoryDeleteView


register_snippet(CategoryViewSet)
