import simple_history

from putokaz.core.content_translation import register
from putokaz.rights.models import Article, DocumentToBring, LegalSource, Step

register(Article, "title", "summary", "audience", "deadlines", "fees")
register(Step, "text")
register(DocumentToBring, "text")
register(LegalSource, "name")

# Change history is registered after the translations, so that it records every language.
simple_history.register(Article, excluded_fields=["shipped_digest"])
simple_history.register(Step)
simple_history.register(DocumentToBring)
simple_history.register(LegalSource)
