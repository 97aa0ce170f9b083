"""The public rights and procedures pages: no sign-in, every section, the reader's services."""

import pytest
from django.test import Client

from putokaz.accounts.tests.factories import OrganisationFactory
from putokaz.directory.models import Service
from putokaz.directory.tests.factories import LocationFactory, ServiceFactory, municipality, term
from putokaz.rights.models import Article
from putokaz.rights.tests.factories import ArticleFactory, LegalSourceFactory, StepFactory

pytestmark = pytest.mark.django_db


def service_names(response) -> set[str]:
    return {service.name for service in response.context["services"]}


def in_area(name: str, domain: str, place: str, **fields) -> Service:
    service = ServiceFactory(name_sr_latn=name, **fields)
    service.domains.set([term(domain)])
    service.service_areas.set([municipality(place)])
    return service


def test_anyone_reads_the_list_and_every_article_without_signing_in(
    anonymous: Client, outsider, client_for
) -> None:
    response = anonymous.get("/guide/rights/")
    assert response.status_code == 200
    articles = list(Article.objects.published())
    assert len(articles) >= 13
    for article in articles:
        assert article.get_absolute_url() in response.text
        page = anonymous.get(article.get_absolute_url())
        assert page.status_code == 200
        assert article.title in page.text
    assert client_for(outsider).get(articles[0].get_absolute_url()).status_code == 200


def test_the_article_page_has_every_section_and_the_notice() -> None:
    page = Client().get("/guide/rights/licna-karta/?lang=en").text
    article = Article.objects.get(slug="licna-karta")
    for heading in [
        "Who it is for",
        "Steps",
        "What to bring",
        "Deadlines",
        "Costs",
        "Legal sources",
    ]:
        assert f">{heading}</h2>" in page
    for step in article.steps.all():
        assert step.text_en.replace("'", "&#x27;") in page
    assert "This is general information, not legal advice." in page
    assert "Last reviewed: Dec. 7, 2026" in page
    assert "Law on Identity Cards (“Službeni glasnik RS”, No. 62/2006)" in page


def test_article_numbers_are_cited_with_the_gazette() -> None:
    page = Client().get("/guide/rights/zdravstveno-osiguranje/?lang=sr-Latn").text
    assert "Zakon o zdravstvenom osiguranju, čl. 16 („Službeni glasnik RS”, br. 25/2019)" in page


def test_the_page_shows_the_services_of_the_chosen_municipality_in_its_areas(
    anonymous: Client,
) -> None:
    in_area("Pravna pomoć za dokumenta", "documents", "Zemun")
    in_area("Gradski šalter za dokumenta", "documents", "Beograd")  # the city serves Zemun
    in_area("Dokumenta u Nišu", "documents", "Medijana")  # elsewhere
    in_area("Dom zdravlja", "health", "Zemun")  # another area
    in_area("Nacrt", "documents", "Zemun", publication=Service.Publication.DRAFT)
    in_area("Zatvoreno", "documents", "Zemun", status=Service.Status.DEFUNCT)
    in_area("Privremeno zatvoreno", "documents", "Zemun", status=Service.Status.TEMPORARILY_CLOSED)
    in_area(
        "Ugašena organizacija",
        "documents",
        "Zemun",
        organisation=OrganisationFactory(is_active=False),
    )
    at_a_place = ServiceFactory(name_sr_latn="Matičar u Zemunu")
    at_a_place.domains.set([term("documents")])
    at_a_place.service_at_locations.create(
        location=LocationFactory(municipality=municipality("Zemun"))
    )

    response = anonymous.get(
        "/guide/rights/licna-karta/", {"municipality": municipality("Zemun").code}
    )
    assert service_names(response) == {
        "Pravna pomoć za dokumenta",
        "Gradski šalter za dokumenta",
        "Matičar u Zemunu",
    }
    for service in response.context["services"]:
        assert service.get_absolute_url() in response.text
    assert (
        "Services in Zemun that help with this"
        in anonymous.get(
            "/guide/rights/licna-karta/",
            {"municipality": municipality("Zemun").code, "lang": "en"},
        ).text
    )
    assert "Nacrt" not in response.text and "Ugašena organizacija" not in response.text


def test_sub_areas_count_for_their_area(anonymous: Client) -> None:
    in_area("Savetovalište za porodicu", "sp-counselling", "Zemun")
    response = anonymous.get(
        "/guide/rights/centar-za-socijalni-rad-u-krizi/",
        {"municipality": municipality("Zemun").code},
    )
    assert service_names(response) == {"Savetovalište za porodicu"}


def test_an_article_for_some_groups_shows_services_for_them_or_for_everyone(
    anonymous: Client,
) -> None:
    in_area("Za sve", "cash-benefits", "Zemun")
    in_area("Za porodice", "cash-benefits", "Zemun").target_groups.set([term("children-families")])
    in_area("Samo za starije", "cash-benefits", "Zemun").target_groups.set([term("older-people")])
    response = anonymous.get(
        "/guide/rights/decji-dodatak/", {"municipality": municipality("Zemun").code}
    )
    assert service_names(response) == {"Za sve", "Za porodice"}


def test_without_a_municipality_the_page_asks_for_one(anonymous: Client) -> None:
    in_area("Pravna pomoć za dokumenta", "documents", "Zemun")
    response = anonymous.get("/guide/rights/licna-karta/?lang=en")
    assert response.context["services"] is None
    assert "Choose your municipality to see the services there" in response.text
    assert "Pravna pomoć za dokumenta" not in response.text


def test_a_stale_municipality_shows_no_services_and_no_error_page(anonymous: Client) -> None:
    response = anonymous.get("/guide/rights/licna-karta/", {"municipality": "99999"})
    assert response.status_code == 200
    assert response.context["services"] is None


def test_the_list_carries_the_municipality_into_the_articles(anonymous: Client) -> None:
    code = municipality("Zemun").code
    response = anonymous.get("/guide/rights/", {"municipality": code})
    assert f"/guide/rights/licna-karta/?municipality={code}#services" in response.text


def test_the_page_in_serbian_cyrillic_is_in_cyrillic(anonymous: Client) -> None:
    in_area("Pravna pomoć za dokumenta", "documents", "Zemun")
    page = anonymous.get(
        "/guide/rights/licna-karta/",
        {"lang": "sr-Cyrl", "municipality": municipality("Zemun").code},
    ).text
    assert '<h1 id="article-title">Лична карта</h1>' in page
    assert "Закон о личној карти" in page
    assert "Правна помоћ за документа" in page
    assert "Лична карта" in anonymous.get("/guide/rights/?lang=sr-Cyrl").text


def test_drafts_of_articles_are_not_public(anonymous: Client) -> None:
    article = ArticleFactory(is_published=False, title_sr_latn="Skriveni postupak")
    StepFactory(article=article)
    LegalSourceFactory(article=article)
    assert anonymous.get(article.get_absolute_url()).status_code == 404
    assert "Skriveni postupak" not in anonymous.get("/guide/rights/").text


def test_the_guide_home_links_to_the_rights(anonymous: Client) -> None:
    assert "/guide/rights/" in anonymous.get("/guide/").text


def test_the_article_page_query_count_does_not_grow_with_services(
    anonymous: Client, django_assert_num_queries
) -> None:
    code = municipality("Zemun").code
    in_area("Prva", "documents", "Zemun")
    anonymous.get("/guide/rights/licna-karta/", {"municipality": code})  # warm caches
    with django_assert_num_queries(9):
        anonymous.get("/guide/rights/licna-karta/", {"municipality": code})
    for number in range(5):
        service = in_area(f"Usluga {number}", "documents", "Zemun")
        service.service_at_locations.create(location=LocationFactory())
    with django_assert_num_queries(9):
        anonymous.get("/guide/rights/licna-karta/", {"municipality": code})
