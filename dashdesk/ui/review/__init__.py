"""The review queue: drafts and posts awaiting approval, reviewed and approved before they go out.

The main window docks :class:`ReviewPanel` and puts :class:`ReviewCounter` in its status bar::

    panel = ReviewPanel(service, posts_model, edit_handler=lambda post, field:
                        window.open_composer(post=post, focus_field=field))
    counter = ReviewCounter(posts_model)
    counter.clicked.connect(lambda: (dock.show(), dock.raise_(), panel.focus_queue()))
"""

from dashdesk.ui.review.counter import ReviewCounter, counts_text, waiting_counts
from dashdesk.ui.review.dialogs import ApproveDialog
from dashdesk.ui.review.panel import ReviewPanel
from dashdesk.ui.review.preview import PostPreview
from dashdesk.ui.review.proxy import ReviewProxy

__all__ = ["ApproveDialog", "PostPreview", "ReviewCounter", "ReviewPanel", "ReviewProxy", "counts_text",
           "waiting_counts"]
