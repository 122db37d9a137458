from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from .selectors import overview_for


class HomeView(LoginRequiredMixin, TemplateView):
    """The overview of the user's scope (the compliance dashboard will take this place)."""

    template_name = "targets/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["overview"] = overview_for(self.request.user)
        return context
