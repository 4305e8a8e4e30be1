"""Workshop mode: storage, validation, security and aggregation of a facilitated workshop (docs/WORKSHOP.md).

Pure Python (no streamlit): ``db`` (SQLite or PostgreSQL connections, migrations), ``store`` (one transaction
per function), ``schema`` (pydantic input models), ``security`` (codes, keys, rate limits) and ``aggregate``
(the room's scenario and the summaries shown to the facilitator).
"""
