"""allauth's sign-up form, made to answer a registered email exactly as a new one, in the same time."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password
from django.db import transaction


class SignupForm(AllauthSignupForm):
    """Sign-up whose work does not depend on whether the email is registered (with accounts.forms' questions)."""

    def try_save(self, request):
        """Create the account, or for a registered email hash the password all the same, as creating one would.

        Hashing is most of what creating an account costs (hundreds of milliseconds by design); skipping it for a
        registered email made that answer measurably faster. The account, its member profile and its email address
        are written in one transaction: all or nothing, and one commit rather than one per row. Either way the only
        email goes out after the response.
        """
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        with transaction.atomic():
            return super().try_save(request)
