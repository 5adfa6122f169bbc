"""Planning: posting slots and queues, kept by DashDesk (Dash only ever receives concrete times)."""
