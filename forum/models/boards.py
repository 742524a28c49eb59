import hashlib
import uuid

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection, models, transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.access import MEMBERS, group_token, reader_audience, reader_audiences
from accounts.roles import officer_groups
from forum.access import MODERATE_PERMISSION, per_user, remember

GROUP_PREFIX = group_token("")


def reader_tokens(user):
    """Return the audience tokens this reader holds (remembered on the user object for the request)."""
    return per_user(user, "tokens", lambda: frozenset(reader_audience(user)))


def officer_group_pks():
    """Return the primary keys of the groups that make up the officers-only audience."""
    return set(officer_groups().values_list("pk", flat=True))


def group_pks_of(tokens):
    """Return the group primary keys named by group tokens (see accounts.access.group_token)."""
    ids = (token.removeprefix(GROUP_PREFIX) for token in tokens if token.startswith(GROUP_PREFIX))
    return {int(pk) for pk in ids if pk.isdigit()}


# Which boards a set of audience tokens opens is the same for every reader holding exactly that set, and changes
# only when a board, its working groups or a group changes. It is kept in the shared cache under the sorted tokens
# and a token of the boards' state that such a change replaces (forget_board_audiences), so a signed-in page does
# not ask the database for the officer groups and the boards on every view. The reader's tokens themselves are
# worked out afresh for each request (accounts.access.reader_audience): approval, roles, two-factor, groups.
AUDIENCE_STATE_KEY = "forum:board-audience:state"
AUDIENCE_SECONDS = 300  # a bound for changes made without the signals (a data migration, raw SQL)


def _audience_state(values):
    """Return the current boards-state token (one made now if the cache has none) from values read with get_many."""
    state = values.get(AUDIENCE_STATE_KEY)
    if state is None:
        cache.add(AUDIENCE_STATE_KEY, uuid.uuid4().hex, None)
        state = cache.get(AUDIENCE_STATE_KEY) or ""
    return state


def outside_transaction():
    """Return whether the database connection is outside any transaction (what a signed-in GET is in production)."""
    return not connection.in_atomic_block


def board_ids_for_tokens(user):
    """Return the ids of the boards the audience tokens of this reader open, through the shared cache."""
    return board_ids_for(reader_tokens(user))


def board_ids_for(tokens):
    """Return the ids of the boards a reader holding exactly these audience tokens may see, through the shared cache.

    The state token is read before the database: an entry is stored under the state its query could have seen.
    Nothing is stored inside a transaction, whose uncommitted changes other processes must not be shown.
    """
    if MEMBERS not in tokens:
        return frozenset()
    digest = hashlib.sha256("\n".join(sorted(tokens)).encode()).hexdigest()
    key = f"forum:board-audience:{digest}"
    values = cache.get_many([AUDIENCE_STATE_KEY, key])
    state = _audience_state(values)
    entry = values.get(key)
    if entry is not None and entry[0] == state and entry[1] == sorted(tokens):
        return frozenset(entry[2])
    ids = frozenset(Board.objects.all()._tokens_filter(tokens).values_list("pk", flat=True))
    if state and outside_transaction():
        cache.set(key, (state, sorted(tokens), sorted(ids)), AUDIENCE_SECONDS)
    return ids


def forget_board_audiences(**kwargs):
    """Make every kept answer of board_ids_for_tokens unreachable: now, and again once the change is committed (a
    reader of another process that asked the database before the commit stored its answer under the state set now).
    """
    cache.set(AUDIENCE_STATE_KEY, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(AUDIENCE_STATE_KEY, uuid.uuid4().hex, None))


def connect_audience_signals():
    """Forget the kept board audiences whenever a board, its working groups or a group is saved or deleted."""
    for model in (Board, Group):
        post_save.connect(forget_board_audiences, sender=model, dispatch_uid=f"forum-audiences-save-{model.__name__}")
        post_delete.connect(
            forget_board_audiences, sender=model, dispatch_uid=f"forum-audiences-delete-{model.__name__}"
        )
    m2m_changed.connect(forget_board_audiences, sender=Board.groups.through, dispatch_uid="forum-audiences-groups")


def visible_board_ids(user):
    """Return the ids of the boards this reader may see (remembered on the user object for the request)."""
    return per_user(user, "board_ids", lambda: board_ids_for_tokens(user))


def remember_readers(users):
    """Work out for many readers at once what the forum's reader-scoped querysets ask of each (their tokens and the
    boards these open) and remember it on each user object, as a request's user remembers it.

    The tokens of all the readers take a fixed number of queries (accounts.access.reader_audiences); the boards are
    worked out once per distinct set of tokens (board_ids_for), so deciding for a thread's followers costs about the
    same for three followers or three hundred. Pass users loaded with select_related("member"). Readers whose boards
    are remembered already are left as they are.
    """
    users = [user for user in users if "board_ids" not in user.__dict__.get("_forum_cache", {})]
    audiences = reader_audiences(users)
    boards = {}
    for user in users:
        tokens = audiences[user.pk]
        if tokens not in boards:
            boards[tokens] = board_ids_for(tokens)
        remember(user, "tokens", tokens)
        remember(user, "board_ids", boards[tokens])


def moderated_board_ids(user):
    """Return the ids of the boards this member moderates among those they may see (remembered for the request)."""

    def compute():
        visible = visible_board_ids(user)
        if not visible or user.has_perm(MODERATE_PERMISSION):
            return visible
        return visible & frozenset(user.moderated_boards.values_list("pk", flat=True))

    return per_user(user, "moderated_board_ids", compute)


class BoardQuerySet(models.QuerySet):
    def for_reader(self, user):
        """Return the boards this reader may see; every other board does not exist for them."""
        return self.filter(pk__in=visible_board_ids(user))

    def moderated_by(self, user):
        """Return the boards this member moderates (site moderators: every board they may see)."""
        return self.filter(pk__in=moderated_board_ids(user))

    def _tokens_filter(self, tokens):
        if MEMBERS not in tokens:
            return self.none()
        group_pks = group_pks_of(tokens)
        allowed = Q(audience=Board.Audience.MEMBERS)
        if group_pks & officer_group_pks():
            allowed |= Q(audience=Board.Audience.OFFICERS)
        if group_pks:
            in_groups = Board.groups.through.objects.filter(group_id__in=group_pks).values("board_id")
            allowed |= Q(audience=Board.Audience.GROUPS, pk__in=in_groups)
        return self.filter(allowed)


class Board(models.Model):
    """A place to discuss one theme or one partnership, seen only by its audience."""

    class Kind(models.TextChoices):
        THEME = "theme", _("Theme")
        PARTNERSHIP = "partnership", _("Partnership")

    class Audience(models.TextChoices):
        MEMBERS = "members", _("All members")
        OFFICERS = "officers", _("Officers only")
        GROUPS = "groups", _("Named working groups")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, help_text=_("The board's address: /forum/b/<slug>/"))
    description = models.TextField(_("description"), blank=True, max_length=1000)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.THEME)
    audience = models.CharField(
        _("audience"),
        max_length=20,
        choices=Audience.choices,
        default=Audience.MEMBERS,
        help_text=_("Who may see this board. Everyone else will not know it exists."),
    )
    groups = models.ManyToManyField(
        "auth.Group",
        blank=True,
        related_name="forum_boards",
        verbose_name=_("working groups"),
        help_text=_("For a working-group board: the groups whose members may see it."),
    )
    moderators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="moderated_boards",
        verbose_name=_("moderators"),
        help_text=_("Members who moderate this board (site moderators moderate every board)."),
    )
    hold_new_member_posts = models.BooleanField(
        _("hold new members' posts for approval"),
        default=False,
        help_text=_("Posts by members with fewer than five approved posts wait for a moderator."),
    )
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    # What the forum home shows of a board, the same for every reader who may see it: its published threads, their
    # published posts and the latest of them. Kept by forum.counters (replies add to them; hiding, deleting,
    # restoring and moving count the board again), so that the home page reads eight rows instead of every thread.
    thread_count = models.PositiveIntegerField(default=0, editable=False)
    post_count = models.PositiveIntegerField(default=0, editable=False)
    last_post_at = models.DateTimeField(null=True, blank=True, editable=False)
    latest_thread = models.ForeignKey(
        "forum.Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    latest_thread.wagtail_reference_index_ignore = True  # a figure, not a reference an editor made

    objects = BoardQuerySet.as_manager()

    sort_order_field = "order"

    class Meta:
        ordering = ["order", "name"]
        permissions = [("moderate", _("Can moderate every board one can see"))]
        verbose_name = _("board")
        verbose_name_plural = _("boards")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("forum:board", args=[self.slug])

    def audience_tokens(self):
        """Return the tokens of which a reader must hold one to see this board."""
        if self.audience == self.Audience.MEMBERS:
            return [MEMBERS]
        if self.audience == self.Audience.OFFICERS:
            return sorted(group_token(pk) for pk in officer_group_pks())
        return sorted(group_token(pk) for pk in self.groups.values_list("pk", flat=True))
