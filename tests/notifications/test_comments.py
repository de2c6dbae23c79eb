"""Trao đổi on a task: apart from progress updates, sanitised Markdown, @mention of the task's people only."""
from __future__ import annotations

from sqlalchemy import func, select

from tests.conftest import csrf_token, login
from tracker.plans.models import Task
from tracker.tasks.models import TaskComment, TaskUpdate


def _task(session) -> Task:
    return session.scalar(select(Task).where(Task.text.startswith("Nắm chắc diễn biến")))


def test_comment_mentions_the_police_officer(session, as_role, user_of, notices):
    task = _task(session)
    office = as_role("secretariat")
    url = f"/tasks/{task.id}"
    page = office.get(url).get_data(as_text=True)
    assert 'id="comment-form"' in page and "<code>@congan.vikhe</code>" in page
    updates_before = session.scalar(select(func.count(TaskUpdate.id)).where(TaskUpdate.task_id == task.id))
    response = office.post(f"{url}/comments", data={
        "csrf_token": csrf_token(office, url),
        "body_md": "@congan.vikhe cho xin **số vụ việc** đông người tháng này <script>alert(1)</script>"})
    assert response.status_code == 302
    [mention] = notices(user_of("member"), "mention")
    assert mention.task_id == task.id and "nhắc đến bạn" in mention.message
    assert notices(user_of("secretariat"), "mention") == []
    shown = as_role("member").get(url).get_data(as_text=True)
    assert "Trao đổi" in shown and "<strong>số vụ việc</strong>" in shown and "<script>alert(1)" not in shown
    # A comment is not a progress update.
    assert session.scalar(select(func.count(TaskUpdate.id)).where(TaskUpdate.task_id == task.id)) == updates_before


def test_mention_outside_the_task_is_refused_and_nothing_saved(session, as_role):
    task = _task(session)
    office = as_role("secretariat")
    url = f"/tasks/{task.id}"
    response = office.post(f"{url}/comments", data={"csrf_token": csrf_token(office, url),
                                                    "body_md": "Nhờ @noichinh.hanoi xem giúp"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Không nhắc đến được @noichinh.hanoi" in page and "Nhờ @noichinh.hanoi xem giúp" in page  # kept as typed
    assert session.scalar(select(TaskComment).where(TaskComment.task_id == task.id,
                                                    TaskComment.kind == "comment")) is None


def test_who_may_comment(app, session, as_role):
    task = _task(session)
    url = f"/tasks/{task.id}"
    viewer = as_role("viewer")
    assert 'id="comment-form"' not in viewer.get(url).get_data(as_text=True)
    assert viewer.post(f"{url}/comments", data={"csrf_token": csrf_token(viewer, url),
                                                "body_md": "xin chào"}).status_code == 403
    outsider = app.test_client()
    login(outsider, "danguy.hoankiem")
    assert outsider.get(url).status_code == 404
    assert outsider.post(f"{url}/comments", data={"csrf_token": csrf_token(outsider, "/"),
                                                  "body_md": "xin chào"}).status_code == 404


def test_dondoc_on_a_task_shows_what_will_be_sent_before_sending(session, as_role):
    from sqlalchemy import select

    from tracker.plans.models import Assignment, Task
    from tracker.tasks.routes.forms_for import DEFAULT_REMINDER

    task_id = session.scalar(select(Task.id).join(Assignment, Assignment.task_id == Task.id)
                             .where(Assignment.role == "lead").order_by(Task.id).limit(1))
    page = as_role("admin").get(f"/tasks/{task_id}").get_data(as_text=True)
    assert 'id="task-remind-preview"' in page and 'data-preview="#task-remind-preview"' in page
    assert f'<span class="preview-note">{DEFAULT_REMINDER}</span>' in page
