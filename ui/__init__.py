"""Shared Streamlit widgets, translations, cached loaders and chart builders."""
