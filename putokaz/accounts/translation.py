from putokaz.accounts.models import Organisation
from putokaz.core.content_translation import register

register(Organisation, "name", "short_name")
