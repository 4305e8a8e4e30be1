"""Arvovalinnat's engine: Finnish taxes and benefits on a calibrated population. Never imports streamlit."""

from models._threads import limit_blas_threads

limit_blas_threads()
