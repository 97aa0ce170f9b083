import simple_history

from putokaz.core.content_translation import register
from putokaz.trainings.models import Conclusion, Event, Session

register(Event, "title", "description")
register(Session, "title")
register(Conclusion, "text", "addressed_to")

# Change history is registered after the translations, so that it records every language.
simple_history.register(Event)
simple_history.register(Conclusion)
