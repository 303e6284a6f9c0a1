"""contracts: property-based contract suites for Zuora and other OpenAPI APIs."""

__all__: list[str] = []
