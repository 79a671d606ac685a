"""The workstation's login name, the one fallback when the settings name no registrar."""

from __future__ import annotations

import getpass


def os_user_name() -> str:
    """The login name, or "" when the system cannot say: getpass.getuser() raises OSError
    without LOGNAME/USER and a password entry, and KeyError (Python 3.11/3.12) for a user id
    with no password entry (a container, a domain account not in /etc/passwd)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError, ImportError):
        return ""
