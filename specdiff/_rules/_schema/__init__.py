"""The schema comparer's internals: views (`_view`), structural findings (`_compare`) and their
judgement into rule IDs by side and position (`_ids`). Entry point: `specdiff._rules.schema`."""
