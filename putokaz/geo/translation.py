from putokaz.core.content_translation import register
from putokaz.geo.models import District, Municipality

register(District, "name")
register(Municipality, "name")
