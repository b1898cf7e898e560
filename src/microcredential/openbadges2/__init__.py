"""Open Badges 2.0: import assertions (and Edubadges 2.x badges) as Open Badges 3.0 credentials.

* :func:`import_assertion` → :class:`ImportResult` — check a hosted or signed 2.0 assertion
  offline and write the unsigned 3.0 microcredential the issuer then signs, with a
  :class:`FieldNote` for every field carried over and every field left out.

The migration guide maps each 2.0 and Edubadges field to its 3.0 home.
"""

from .importing import FieldNote, ImportResult, import_assertion

__all__ = ["FieldNote", "ImportResult", "import_assertion"]
