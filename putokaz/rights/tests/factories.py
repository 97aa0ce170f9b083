import datetime

import factory

from putokaz.rights.models import Article, LegalSource, Step


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    slug = factory.Sequence(lambda n: f"postupak-{n}")
    title_sr_latn = factory.Sequence(lambda n: f"Postupak {n}")
    summary_sr_latn = "Kratak opis postupka."
    audience_sr_latn = "Svi."
    reviewed_on = datetime.date(2026, 12, 1)


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    article = factory.SubFactory(ArticleFactory)
    text_sr_latn = "Javite se na šalter."


class LegalSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalSource

    article = factory.SubFactory(ArticleFactory)
    name_sr_latn = "Zakon o socijalnoj zaštiti"
