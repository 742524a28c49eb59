from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workshops"
    verbose_name = _("Workshops")

    def ready(self):
        from django.db.models.signals import post_delete

        from accounts.access import register_audience_source
        from workshops import anonymity, certificate_pdf, search_documents, tasks, versions
        from workshops.access import facilitated_cohort_tokens, facilitated_cohort_tokens_of
        from workshops.models import Certificate

        search_documents.register_with_search()
        anonymity.register()
        tasks.register_periodic_tasks()
        versions.connect()
        # A workshop's facilitators read what its cohort reads, on every surface, without joining the cohort.
        register_audience_source(facilitated_cohort_tokens, bulk=facilitated_cohort_tokens_of)
        # A certificate deleted with its member or workshop takes its stored PDFs (which carry the name) along.
        post_delete.connect(certificate_pdf.remove_files, sender=Certificate, dispatch_uid="certificate-pdfs")
