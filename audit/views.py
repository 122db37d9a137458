"""The audit trail page for county staff."""
import itertools

from django.conf import settings
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from common.export import rows_xlsx_response
from common.views import EXPORT_PARAM, EXPORT_XLSX, CountyStaffRequiredMixin

from .forms import AuditFilterForm
from .selectors import audit_entries, audit_page, history_users, record_type_choices


class AuditListView(CountyStaffRequiredMixin, TemplateView):
    """The audit trail for county staff: who changed which register record, and when."""

    template_name = "audit/audit_list.html"
    paginate_by = settings.PAGINATE_BY
    export_chunk = 1000  # rows per page of the export, each page in a bounded number of queries

    def get(self, request, *args, **kwargs):
        form = AuditFilterForm(request.GET or None, users=history_users(), record_types=record_type_choices())
        if form.is_bound and not form.is_valid():
            entries = None
        else:
            data = form.cleaned_data if form.is_bound else {}
            entries = audit_entries(record_type=data.get("record_type") or None, user=data.get("user"),
                                    date_from=data.get("date_from"), date_to=data.get("date_to"))
        if entries is not None and request.GET.get(EXPORT_PARAM) == EXPORT_XLSX:
            return self.export_xlsx(entries)
        return self.render_to_response(self.get_context_data(form=form, entries=entries))

    def get_context_data(self, *, form, entries, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("Audit trail"), form=form, export_param=EXPORT_PARAM)
        if entries is not None:
            page = Paginator(entries, self.paginate_by).get_page(self.request.GET.get("page"))
            context.update(page_obj=page, entries=audit_page(page.object_list))
        return context

    def export_xlsx(self, entries):
        header = [_("When"), _("Who"), _("Action"), _("Record type"), _("Record"), _("Changed fields"),
                  _("Reason")]

        def rows():
            paginator = Paginator(entries, self.export_chunk)
            for number in paginator.page_range:
                for entry in audit_page(paginator.page(number).object_list):
                    when = timezone.localtime(entry.date).replace(tzinfo=None)  # Excel has no time zones
                    yield [when, str(entry.user or ""), entry.kind, entry.record_type, entry.label,
                           "\n".join(str(change) for change in entry.changes), entry.change_reason]

        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        sheet = (_("Audit trail"), itertools.chain([header], rows()))
        return rows_xlsx_response([sheet], filename=f"audit-{stamp}.xlsx")
