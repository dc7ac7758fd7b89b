"""The moderators' page for promoting a forum discussion into the library (curation.promotion does the work)."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_http_methods

from cop.members import roles
from cop.members.views import role_required
from forum.models import Topic

from . import promotion


class PromotionForm(forms.Form):
    replies = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Other helpful replies to include"), required=False, coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, preview, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replies"].choices = [
            (post.pk, _("#%(number)s by %(name)s") % {
                "number": post.number, "name": post.author.display_name if post.author else _("former member")})
            for post in preview.replies
        ]


@require_http_methods(["GET", "POST"])
@role_required(roles.is_moderator)
def topic_promote(request, pk):
    topic = get_object_or_404(Topic.objects.select_related("category__theme", "author__hromada"), pk=pk)
    preview = promotion.promotion_preview(topic=topic)
    existing = promotion.existing_practice(topic)
    # An empty POST (no reply ticked) is still a submission: bind it whenever the method is POST.
    form = PromotionForm(request.POST if request.method == "POST" else None, preview=preview)
    error, status = None, 200
    if request.method == "POST":
        if existing is not None:
            error, status = _("A practice has already been created from this discussion."), 409
        elif not form.is_valid():
            status = 400
        else:
            try:
                practice = promotion.topic_promote(topic=topic, moderator=request.user, reply_ids=form.cleaned_data["replies"])
            except promotion.AlreadyPromoted as refusal:
                existing, error, status = refusal.practice, str(refusal), 409
            except promotion.PromotionError as refusal:
                error, status = str(refusal), 400
            else:
                messages.success(request, _("The draft practice “%(title)s” was created and sent for review.") % {"title": practice.title})
                return redirect("curation:topic_promote", pk=topic.pk)
    context = {"topic": topic, "preview": preview, "form": form, "existing": existing, "error": error}
    return render(request, "curation/promotion_form.html", context, status=status)
