"""DashDesk ui layer (PySide6 widgets, models and views)."""
