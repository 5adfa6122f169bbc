"""The review queue: drafts and posts awaiting approval, reviewed and approved before they go out.

The main window calls :func:`install` (a hidden bottom dock with a :class:`ReviewPanel` on its
``service`` and ``model``, and a :class:`ReviewCounter` in its status bar). By hand::

    panel = ReviewPanel(service, posts_model, edit_handler=lambda post, field:
                        window.open_composer(post=post))  # field: the body path to fix, or ""
    counter = ReviewCounter(posts_model)
    counter.clicked.connect(lambda: (dock.show(), dock.raise_(), panel.focus_queue()))
"""

from dashdesk.ui.review.counter import ReviewCounter, counts_text, waiting_counts
from dashdesk.ui.review.dialogs import ApproveDialog
from dashdesk.ui.review.dock import create_dock, install, open_in_composer
from dashdesk.ui.review.panel import ReviewPanel
from dashdesk.ui.review.preview import PostPreview
from dashdesk.ui.review.proxy import ReviewProxy

__all__ = ["ApproveDialog", "PostPreview", "ReviewCounter", "ReviewPanel", "ReviewProxy", "counts_text",
           "create_dock", "install", "open_in_composer", "waiting_counts"]
