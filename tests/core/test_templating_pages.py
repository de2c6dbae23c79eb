"""The pager of long lists (issue 20): a window of page numbers, not one link per page."""
from tracker.core.templating import page_window


def test_page_window_keeps_first_last_and_neighbours():
    assert page_window(1, 1) == [1]
    assert page_window(3, 5) == [1, 2, 3, 4, 5]
    assert page_window(1, 1334) == [1, 2, 3, None, 1334]
    assert page_window(7, 1334) == [1, None, 5, 6, 7, 8, 9, None, 1334]
    assert page_window(1334, 1334) == [1, None, 1332, 1333, 1334]
    assert page_window(5, 8) == [1, 2, 3, 4, 5, 6, 7, 8]  # a gap of one page shows the page, not "…"
    assert len(page_window(600, 100_000)) <= 9
