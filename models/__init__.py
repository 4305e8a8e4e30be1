"""Arvovalinnat's engine: Finnish taxes and benefits on a calibrated population. Never imports streamlit."""
