"""Forum posts in search results read as their authors wrote them: markup characters shown once, never as entities."""

import pytest
from bs4 import BeautifulSoup

from forum import search_index
from tests.factories.forum import create_thread

pytestmark = pytest.mark.django_db


def test_a_posts_snippet_shows_angle_brackets_and_ampersands_as_written(client, officer, members_board):
    thread = create_thread(
        members_board, officer, title="Fake visa stamps", body="The recruiter's page had `<script>` tags & a form"
    )
    search_index.update(thread, *thread.posts.all())
    client.force_login(officer)
    page = BeautifulSoup(client.get("/search/", {"q": "recruiter"}).content, "html.parser")
    summaries = [summary.get_text() for summary in page.select(".card__summary")]
    assert any("<script> tags & a form" in summary for summary in summaries), summaries
    assert not any("&lt;" in summary or "&amp;" in summary for summary in summaries)
