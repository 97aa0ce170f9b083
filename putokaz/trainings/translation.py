import simple_history

from putokaz.core.content_translation import register
from putokaz.trainings.models import Event, Session

register(Event, "title", "description")
register(Session, "title")

# Change history is registered after the translations, so that it records every language.
simple_history.register(Event)
