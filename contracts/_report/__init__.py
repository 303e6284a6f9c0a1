"""Report writers: conformance.json (atomic), junit.xml, and HTML + markdown when the shared
renderer (`specdiff._html`) is installed. Writers take the result JSON only, never CLI state."""

from contracts._report._writers import write_reports

__all__ = ["write_reports"]
