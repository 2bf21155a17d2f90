"""Sign-in, roles and view-as: who is looking, and therefore which Scope every query gets.

Accounts live in the users file (etl/users.py, ALLIANCE_USERS). With no account the app runs open
(the demo on 127.0.0.1) and the viewer's scope is everything. With accounts every page asks for
sign-in first (gate(), called by dashboard/app.py before st.navigation), and the signed-in user's
role gives the Scope: leader -> its counties, inspector -> its alliances, school -> its school,
admin -> everything. An admin may view as another account, and then gets exactly that Scope.

Optional OpenID Connect: when `.streamlit/secrets.toml` has an [auth] section (st.login, needs
Authlib), the form offers the bureau's provider too; the provider's e-mail is mapped to an account
of the users file by that account's `email` key, so roles are configured in one place."""

from __future__ import annotations

import threading
import time

import streamlit as st

from dashboard import audit
from dashboard.labels import signin as LS
from dashboard.scope import EVERYTHING, Scope
from etl import users

# After this many consecutive failures (per user name, and per browser session) each further
# attempt waits twice as long as the previous one, up to MAX_DELAY seconds.
FREE_FAILURES = 3
MAX_DELAY = 60.0

_USER = "auth_user"
_VIEW_AS = "auth_view_as"
_FAILURES = "auth_failures"      # this session's Throttle, keyed _SESSION
_SESSION = "session"


class Throttle:
    """Consecutive failed sign-ins and when the next attempt is allowed, per key."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state: dict[str, tuple[int, float]] = {}

    def wait(self, key: str, now: float | None = None) -> float:
        """Seconds before key may try again (0 = now)."""
        with self._lock:
            _, allowed = self._state.get(key, (0, 0.0))
        return max(0.0, allowed - (time.monotonic() if now is None else now))

    def failed(self, key: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            n = self._state.get(key, (0, 0.0))[0] + 1
            delay = 0.0 if n < FREE_FAILURES else min(MAX_DELAY, 2.0 ** (n - FREE_FAILURES))
            self._state[key] = (n, now + delay)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._state.pop(key, None)


# Per user name, shared by every session of this server process: a guesser cannot reset it by
# opening a new session.
NAMES = Throttle()


def accounts() -> dict[str, users.User]:
    """The users file, read on every script run (small), so a removed account is signed out at once."""
    return users.read()


def enabled() -> bool:
    """Whether sign-in is on (any account in the users file). A broken file counts as on: better
    to refuse everyone than to open the data."""
    try:
        return bool(accounts())
    except users.UsersError:
        return True


def scope_of(user: users.User | None) -> Scope:
    """The rows a user may see; None (sign-in off, the open demo) sees everything."""
    if user is None:
        return EVERYTHING
    if user.role == "admin":
        return EVERYTHING
    if user.role == "leader":
        return Scope(counties=user.counties, small_results_hidden=True)
    if user.role == "inspector":
        return Scope(alliances=user.alliances, small_results_hidden=True)
    if user.role == "school":
        return Scope(schools=(user.school,), small_results_hidden=True)
    raise ValueError(f"unknown role {user.role!r}")


def signed_in() -> users.User | None:
    """The account signed in to this session, if it still exists."""
    name = st.session_state.get(_USER)
    if name is None:
        return None
    try:
        return accounts().get(name)
    except users.UsersError:
        return None


def viewer() -> users.User | None:
    """Whose eyes the pages use: the viewed-as account for an admin viewing as someone, else the
    signed-in account (None when sign-in is off)."""
    user = signed_in()
    if user is not None and user.role == "admin" and (as_name := st.session_state.get(_VIEW_AS)):
        return accounts().get(as_name, user)
    return user


def _try_sign_in(name: str, password: str) -> str | None:
    """Sign in, or the Chinese message saying why not (one message for any wrong name or password)."""
    name = name.strip()[:64]
    session_wait = st.session_state.get(_FAILURES, Throttle()).wait(_SESSION)
    wait = max(NAMES.wait(name), session_wait)
    if wait > 0:
        return LS.SIGNIN_THROTTLED.format(seconds=int(wait) + 1)
    try:
        user = accounts().get(name)
    except users.UsersError as exc:
        return LS.USERS_FILE_BROKEN.format(detail=exc)
    if not users.verify(user, password):
        NAMES.failed(name)
        st.session_state.setdefault(_FAILURES, Throttle()).failed(_SESSION)
        audit.record("sign_in_failed", name or None)
        return LS.SIGNIN_FAILED
    NAMES.succeeded(name)
    st.session_state.pop(_FAILURES, None)
    st.session_state[_USER] = user.name
    audit.record("sign_in", user.name, detail={"role": user.role})
    return None


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all reads as "not configured"
        return False


def _oidc_sign_in() -> None:
    """A user signed in by the provider becomes the account whose email matches, if any."""
    if not getattr(st.user, "is_logged_in", False):
        st.button(LS.SIGNIN_OIDC, on_click=st.login)
        return
    email = str(st.user.get("email") or "")
    match = next((u for u in accounts().values() if u.email and u.email.lower() == email.lower()), None)
    if match is None:
        st.warning(LS.SIGNIN_OIDC_UNKNOWN.format(email=email))
        return
    st.session_state[_USER] = match.name
    audit.record("sign_in", match.name, detail={"role": match.role, "via": "oidc"})
    st.rerun()


def passed() -> bool:
    """Whether pages may run: sign-in off, or someone signed in."""
    return not enabled() or signed_in() is not None


def gate() -> bool:
    """True when the page may run (passed()). Otherwise draws the sign-in form and returns False
    (the caller stops the script)."""
    if passed():
        return True
    st.session_state.pop(_USER, None)
    with st.columns([1, 2, 1])[1]:      # a form of reading width, not the whole wide layout
        _form()
    return False


def _form() -> None:
    st.title(LS.SIGNIN_TITLE)
    st.caption(LS.SIGNIN_INTRO)
    try:
        accounts()
    except users.UsersError as exc:
        st.error(LS.USERS_FILE_BROKEN.format(detail=exc))
        return
    with st.form("signin", clear_on_submit=False):
        name = st.text_input(LS.USER_NAME, key="signin_name")
        password = st.text_input(LS.PASSWORD, type="password", key="signin_password")
        submitted = st.form_submit_button(LS.SIGNIN_BUTTON, type="primary")
    if submitted:
        message = _try_sign_in(name, password)
        if message is None:
            st.rerun()
        st.error(message)
    if _oidc_configured():
        _oidc_sign_in()


def _sign_out() -> None:
    user = signed_in()
    audit.record("sign_out", user.name if user else None)
    for key in (_USER, _VIEW_AS, "signin_password"):
        st.session_state.pop(key, None)
    if getattr(st.user, "is_logged_in", False):
        st.logout()


def _scope_text(user: users.User) -> str | None:
    parts = [(LS.SCOPE_COUNTIES, user.counties), (LS.SCOPE_ALLIANCES, user.alliances),
             (LS.SCOPE_SCHOOLS, (user.school,) if user.school else ())]
    text = "；".join(t.format(values="、".join(v)) for t, v in parts if v)
    return text or None


def sidebar() -> None:
    """Who is signed in, view-as for admins, sign-out; or that sign-in is off."""
    user = signed_in()
    if user is None:
        st.sidebar.caption(LS.SIGNIN_DISABLED, help=LS.SIGNIN_DISABLED_HELP)
        return
    st.sidebar.caption(LS.SIGNED_IN_AS.format(name=user.name, role=LS.ROLES[user.role]))
    if user.role == "admin":
        _view_as(user)
    shown = viewer()
    if shown is not None and (text := _scope_text(shown)):
        st.sidebar.caption(LS.ACCESS_SCOPE.format(scope=text))
    st.sidebar.button(LS.SIGN_OUT, key="sign_out", on_click=_sign_out, icon=":material/logout:")


def _view_as(admin: users.User) -> None:
    others = sorted(n for n in accounts() if n != admin.name)
    if not others:
        return
    current = st.session_state.get(_VIEW_AS)
    choice = st.sidebar.selectbox(LS.VIEW_AS, [None, *others], index=([None, *others].index(current)
                                                                      if current in others else 0),
                                  format_func=lambda n: LS.VIEW_AS_SELF if n is None else n, key="view_as_pick")
    if choice != current:
        st.session_state[_VIEW_AS] = choice
        audit.record("view_as", admin.name, choice or admin.name)
        st.rerun()
    if choice is not None:
        target = accounts()[choice]
        st.sidebar.warning(LS.VIEW_AS_ACTIVE.format(name=target.name, role=LS.ROLES[target.role]))
