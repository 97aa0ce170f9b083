"""Public ids in URLs and forms: UUIDs, parsed without letting a malformed one reach the database."""

from uuid import UUID


def parse_uuid(value: UUID | str | None) -> UUID | None:
    """``value`` as a UUID, or None when it is not one."""
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        return None
