"""Who may do what at a workshop: trainers run it, participants (its cohort group) take its tests and read its materials.

A trainer of a workshop is an approved member (with two-factor authentication where their role needs it) who is
one of its facilitators, or who may edit its page in Wagtail (editors and focal points hold that permission on
the workshops index; administrators everywhere). A participant is a member of the workshop's cohort group and so
holds its audience token (accounts.access), so the same rule serves the page, search, the API and the feed.
The facilitators hold the cohort's token too (facilitated_cohort_tokens, registered with accounts.access), so
they open the materials they teach on every surface, but they are not in the cohort: they are never counted,
certified, mailed or tested as participants (is_participant asks the groups, not the tokens).

A results reader is an approved member whom a trainer named as reading for a partner agency (models.ResultsViewer):
they read the workshop's aggregate results and exports (never who answered what; the results name no one) and the
curriculum's results across the workshops they may read, once the workshop is live and its page is theirs to see.
"""

from django.http import Http404
from django.utils.functional import cached_property
from wagtail.permission_policies.pages import PagePermissionPolicy

from accounts import access
from accounts.roles import group_memberships
from library.models import LibraryPage
from workshops.models import ResultsViewer, WorkshopPage


def editable_ids(user, workshop_ids):
    """Return the ids of these workshops whose page this member may edit in Wagtail, in one query.

    "change" permission on the page or an ancestor, or "add" there on a page they own (Wagtail's rule for editing).
    """
    if not user.is_active or not workshop_ids:
        return set()
    if user.is_superuser:
        return set(workshop_ids)
    pages = PagePermissionPolicy().instances_user_has_any_permission_for(user, {"change"})
    return set(pages.filter(pk__in=list(workshop_ids)).values_list("pk", flat=True))


class WorkshopAccess:
    """What one reader may do at one workshop.

    `WorkshopAccess.of(workshop, user)` keeps one instance per workshop object and reader, so a view that opens the
    workshop and then asks `trainer_or_404` (or the templates asking again) decides each right once per request.
    """

    def __init__(self, workshop, user):
        self.workshop = workshop
        self.user = user

    @classmethod
    def of(cls, workshop, user):
        """Return this reader's access at this workshop, the same instance for the same workshop object."""
        known = workshop.__dict__.setdefault("_workshop_access", {})
        key = getattr(user, "pk", None)
        if key not in known:
            known[key] = cls(workshop, user)
        return known[key]

    @cached_property
    def tokens(self):
        return access.reader_audience(self.user)

    @cached_property
    def can_view(self):
        """Return whether this reader may open the workshop's page (live, and within its audience)."""
        return self.workshop.live and bool(self.tokens & set(access.page_audience(self.workshop)))

    @cached_property
    def is_trainer(self):
        """Return whether this reader runs the workshop."""
        if access.MEMBERS not in self.tokens:
            return False
        if self.user.is_superuser:
            return True
        if self.workshop.facilitators.filter(pk=self.user.pk).exists():
            return True
        return self.workshop.pk in editable_ids(self.user, [self.workshop.pk])

    @cached_property
    def is_results_viewer(self):
        """Return whether a trainer let this reader read the workshop's results for a partner agency."""
        if access.MEMBERS not in self.tokens:
            return False
        if not self.can_view:
            return False
        return self.workshop.results_viewers.filter(user_id=self.user.pk).exists()

    @cached_property
    def can_see_results(self):
        """Return whether this reader may read the workshop's aggregate results and their exports."""
        return self.is_trainer or self.is_results_viewer

    @cached_property
    def is_participant(self):
        """Return whether this reader belongs to the workshop's cohort (superusers are not counted in)."""
        if not self.workshop.cohort_id or access.MEMBERS not in self.tokens:
            return False
        if not self.user.is_superuser:  # the groups, not the tokens: a facilitator holds the cohort's token too
            return any(pk == self.workshop.cohort_id for pk, _name in group_memberships(self.user))
        return self.workshop.cohort.user_set.filter(pk=self.user.pk).exists()

    @cached_property
    def can_see_materials(self):
        """Return whether this reader sees the list of materials."""
        return self.is_trainer or bool(self.workshop.materials_tokens() & self.tokens)

    def materials(self):
        """Return the live library pages of the workshop's materials that this reader may open, in order."""
        if not self.can_see_materials:
            return []
        rows = list(self.workshop.materials.select_related("material").order_by("sort_order", "pk"))
        visible = set(
            LibraryPage.objects.visible_to(self.user)
            .filter(pk__in=[row.material_id for row in rows])
            .values_list("pk", flat=True)
        )
        return [row for row in rows if row.material_id in visible]


def facilitated_cohort_tokens(user):
    """Return the audience tokens of the cohorts of the workshops this member facilitates, in one query.

    The audience source workshops registers with accounts.access (WorkshopsConfig.ready): accounts asks it once
    per request's user object, for approved members who satisfy the two-factor rule only.
    """
    return facilitated_cohort_tokens_of([user])[user.pk]


def facilitated_cohort_tokens_of(users):
    """Return {user pk: tokens} as facilitated_cohort_tokens for each of these members, in one query for all (the
    bulk form of the audience source: accounts.access.reader_audiences, for a thread's followers at once)."""
    tokens = {user.pk: set() for user in users}
    if not tokens:
        return tokens
    cohorts = WorkshopPage.facilitators.through.objects.filter(
        user_id__in=list(tokens), workshoppage__cohort__isnull=False
    ).values_list("user_id", "workshoppage__cohort_id")
    for user_id, cohort_id in cohorts:
        tokens[user_id].add(access.group_token(cohort_id))
    return tokens


def trainer_or_404(workshop, user):
    """Return the reader's access if they train at this workshop, else raise 404 (the tools are not advertised)."""
    rights = WorkshopAccess.of(workshop, user)
    if not rights.is_trainer:
        raise Http404
    return rights


def participant_or_404(workshop, user):
    """Return the reader's access if they are a participant (or a trainer, who may try the test), else raise 404."""
    rights = WorkshopAccess.of(workshop, user)
    if not (rights.is_participant or rights.is_trainer):
        raise Http404
    return rights


def results_reader_or_404(workshop, user):
    """Return the reader's access if they train at this workshop or read its results for a partner, else 404."""
    rights = WorkshopAccess.of(workshop, user)
    if not rights.can_see_results:
        raise Http404
    return rights


def workshops_with_results(user, workshops):
    """Return the workshops (pages, or any objects with pk, live and path) whose results this reader may read, in order.

    The same rule as WorkshopAccess.can_see_results, decided for all the workshops at once (a fixed number of
    queries however many workshops use the curriculum).
    """
    tokens = access.reader_audience(user)
    if access.MEMBERS not in tokens:
        return []
    workshops = list(workshops)
    ids = [w.pk for w in workshops]
    if user.is_superuser:
        return workshops
    trained = set(
        WorkshopPage.facilitators.through.objects.filter(user_id=user.pk, workshoppage_id__in=ids).values_list(
            "workshoppage_id", flat=True
        )
    )
    trained |= editable_ids(user, set(ids) - trained)
    granted = set(
        ResultsViewer.objects.filter(user_id=user.pk, workshop_id__in=ids).values_list("workshop_id", flat=True)
    )
    candidates = [w for w in workshops if w.pk in granted and w.pk not in trained and w.live]
    audiences = access.page_audiences(candidates)
    readable = {w.pk for w, audience in zip(candidates, audiences, strict=True) if tokens & audience}
    return [w for w in workshops if w.pk in trained or w.pk in readable]
