"""Where DashDesk keeps API keys: the OS keyring, or this session's memory when there is none."""

from dashdesk.credentials.store import SERVICE_NAME, Credentials, CredentialStore

__all__ = ["SERVICE_NAME", "CredentialStore", "Credentials"]
