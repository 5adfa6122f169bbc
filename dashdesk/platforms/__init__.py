"""DashDesk platforms layer."""
