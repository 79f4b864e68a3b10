"""Web fixtures: the API's app client and seeded atlas, shared."""

from api.conftest import client, seeded  # noqa: F401
