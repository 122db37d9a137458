from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from organizations.models import SupervisingUnit

from ..dashboard import dashboard
from ..forms import DashboardForm
from ..scope import Scope
from ..selectors import overview_for
from ..services import recompute_lost, recompute_state_clear, recompute_state_set, snapshot_recompute
from ..tasks import recompute_snapshot


class DashboardView(LoginRequiredMixin, TemplateView):
    """Where the county, a township or a unit stands against every target of the plan.

    County staff drill down to any township or unit; a unit secretary always sees their own
    unit, and asking for another unit is a 404."""

    template_name = "targets/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = DashboardForm(self.request.GET, user=user)
        data = form.cleaned_data if form.is_valid() else {}
        as_of = data.get("as_of") or timezone.localdate()
        scope = Scope.for_user(user)
        if scope.is_county:  # county staff drill down to a township or a unit
            unit = data.get("unit")
            scope = Scope(township=data.get("township") or None, unit_code=unit.code if unit else None)
        elif self.request.GET.get("unit") not in (None, "", scope.unit_code):
            raise Http404
        unit_name = SupervisingUnit.objects.filter(code=scope.unit_code).values_list("name", flat=True).first()
        context.update(form=form, scope=scope, scope_label=unit_name or scope.township,
                       overview=overview_for(user, as_of=as_of))
        context.update(dashboard(scope=scope, as_of=as_of))
        context["recompute_lost"] = recompute_lost() if user.sees_whole_county else None
        return context


class RecomputeView(LoginRequiredMixin, UserPassesTestMixin, View):
    """County staff ask for today's snapshot now."""

    def test_func(self):
        return self.request.user.sees_whole_county

    def post(self, request):
        if settings.CELERY_TASK_ALWAYS_EAGER:
            snapshot, _written = snapshot_recompute(as_of=timezone.localdate())
            messages.success(request, _("The figures as of %(date)s were recomputed.") % {"date": snapshot.as_of})
        else:
            try:
                recompute_snapshot.delay()
            except Exception:  # the broker is unreachable: say so instead of failing
                messages.error(request, _("The recompute could not be queued: the task queue is unreachable. "
                                          "Try again later or tell the administrator."))
            else:
                recompute_state_set("queued")
                messages.success(request, _("The recompute was queued; the figures refresh in a few minutes."))
        return redirect("targets:home")


class RecomputeDismissView(LoginRequiredMixin, UserPassesTestMixin, View):
    """County staff dismiss the notice of a lost recompute (its task will not come back)."""

    def test_func(self):
        return self.request.user.sees_whole_county

    def post(self, request):
        recompute_state_clear()
        return redirect("targets:home")
