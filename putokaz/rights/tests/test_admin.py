"""Guide editors and system administrators edit the articles in the admin; others only read."""

from html.parser import HTMLParser

import pytest
from django.test import Client

from putokaz.accounts.models import Role
from putokaz.accounts.tests.factories import MembershipFactory, UserFactory
from putokaz.rights.models import Article

pytestmark = pytest.mark.django_db


class _FormFields(HTMLParser):
    """The values a browser would send for the admin's change form, as rendered."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or ("name" not in a and tag != "option"):
            return
        if tag == "input" and a.get("type") not in {"submit", "button", "file"}:
            if a.get("type") in {"checkbox", "radio"} and "checked" not in a:
                return
            self.data.setdefault(a["name"], []).append(a.get("value", "on"))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.data.setdefault(a["name"], []).append("")
        elif tag == "select":
            self._select = a["name"]
            self.data.setdefault(a["name"], [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea][-1] += data


def change_form(client: Client, article: Article) -> dict[str, list[str]]:
    page = client.get(f"/admin/rights/article/{article.pk}/change/")
    parser = _FormFields("article_form")
    parser.feed(page.text)
    return parser.data


def staff(role: str, csw) -> Client:
    user = UserFactory(is_staff=True)
    MembershipFactory(user=user, organisation=csw, role=role)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_a_guide_editor_edits_an_article_and_the_change_is_in_its_history(csw) -> None:
    editor = staff(Role.EDITOR, csw)
    article = Article.objects.get(slug="licna-karta")
    data = change_form(editor, article)
    assert data["title_sr_latn"] == ["Lična karta"]
    data["title_sr_latn"] = ["Lična karta i kako je dobiti"]
    data["steps-0-text_sr_latn"] = ["Prvo proverite prebivalište."]
    response = editor.post(f"/admin/rights/article/{article.pk}/change/", {**data, "_save": "Save"})
    assert response.status_code == 302, response.content[:2000]
    article.refresh_from_db()
    assert article.title_sr_latn == "Lična karta i kako je dobiti"
    assert article.steps.first().text_sr_latn == "Prvo proverite prebivalište."
    assert article.title_en == "Identity card"  # the other languages are untouched
    assert article.history.first().history_user is not None
    assert article.content_digest() != article.shipped_digest  # the loader will keep it


def test_other_staff_read_articles_but_cannot_change_them(csw) -> None:
    reader = staff(Role.CASE_WORKER, csw)
    article = Article.objects.get(slug="licna-karta")
    page = reader.get(f"/admin/rights/article/{article.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    data = change_form(reader, article)
    response = reader.post(f"/admin/rights/article/{article.pk}/change/", {**data, "_save": "1"})
    assert response.status_code == 403
    assert reader.get("/admin/rights/article/add/").status_code == 403


def test_a_shipped_article_cannot_be_deleted_only_unpublished(csw) -> None:
    editor = staff(Role.EDITOR, csw)
    article = Article.objects.get(slug="licna-karta")
    assert editor.get(f"/admin/rights/article/{article.pk}/delete/").status_code == 403


def test_the_admin_list_says_which_shipped_text_each_article_holds(csw) -> None:
    editor = staff(Role.EDITOR, csw)
    Article.objects.filter(slug="prijava-nsz").update(title_sr_latn="Izmenjen naslov")
    page = editor.get("/admin/rights/article/").text  # in the editor's language, Serbian
    assert "verzija 1, izmenjena ovde" in page
    assert page.count("verzija 1") == Article.objects.count()


def test_the_replace_action_takes_the_shipped_text_back(csw) -> None:
    editor = staff(Role.EDITOR, csw)
    Article.objects.filter(slug="prijava-nsz").update(title_sr_latn="Izmenjen naslov")
    article = Article.objects.get(slug="prijava-nsz")
    response = editor.post(
        "/admin/rights/article/",
        {"action": "replace_with_shipped_text", "_selected_action": [article.pk]},
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title_sr_latn == "Prijava na evidenciju Nacionalne službe za zapošljavanje"


def test_anonymous_visitors_and_non_staff_never_reach_the_admin(anonymous: Client, csw) -> None:
    assert anonymous.get("/admin/rights/article/").status_code == 302
    user = UserFactory()
    MembershipFactory(user=user, organisation=csw, role=Role.EDITOR)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/admin/rights/article/").status_code == 302
