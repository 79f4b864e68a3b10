"""Use cases, one package per capability (access, registry, atlas, evaluation, demo, …) with a face: its
`__init__.py` names the public functions, which the interfaces import; transactions and audit live here."""
