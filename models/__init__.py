"""Arvovalinnat's engine: Finnish taxes and benefits on a calibrated population. Never imports streamlit.

Importing it does nothing else: process tuning is :func:`models.runtime.configure`, called by the app and the CLI.
The layers and what each may import are in docs/DEVELOPING.md.
"""
