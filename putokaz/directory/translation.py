import simple_history

from putokaz.core.content_translation import register
from putokaz.directory.models import (
    Location,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

register(Taxonomy, "name", "description")
register(TaxonomyTerm, "name", "description")
register(
    Service,
    "name",
    "alternate_name",
    "description",
    "interpretation_services",
    "application_process",
    "eligibility_description",
    "fees_description",
)
register(RequiredDocument, "document")
register(Location, "name", "description", "transportation", "accessibility")
register(ServiceAtLocation, "description")
register(Phone, "description")
register(Schedule, "notes")

# Change history is registered after the translations, so that it records every language.
simple_history.register(Service, excluded_fields=["search_text"])
simple_history.register(Location)
