"""What the pages draw alike: text made literal for markdown, a reading above a chart, a chart with its downloads.

- :func:`md_escape` makes user text (a household's or a file's name, a scenario title) literal for
  Streamlit markdown: every markdown character escaped, so no links, images, HTML, colours or emoji codes.
- :func:`md` escapes the characters that change a reading's markdown (scenario names and readings may contain
  anything); :func:`reading` shows a chart's one-sentence reading in bold (Results and Compare).
- :func:`chart` draws a figure under the widget key ``<page>.chart.<name>`` with its downloads
  (``<page>.export.<name>``, PNG/SVG rendered only when asked, the HTML file built on click), titled by the
  chart's own title, after the scenario's name where the page gives one.
"""

from __future__ import annotations

import html
import re

import plotly.graph_objects as go
import streamlit as st

from ui.export import chart_downloads
from ui.theme import PLOTLY_CONFIG

MD_SPECIAL = "\\`*_{}[]<>#|~$"
_MD_EVERY_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(text: str) -> str:
    """User text made literal for Streamlit markdown (no links, images, HTML, colours or emoji codes)."""
    return _MD_EVERY_SPECIAL.sub(r"\\\1", str(text))


def md(text: str) -> str:
    """Text shown as markdown without markdown meaning."""
    return "".join("\\" + c if c in MD_SPECIAL else c for c in text)


def reading(text: str) -> None:
    st.markdown(f"**{md(text)}**")


def chart_title(fig: go.Figure, name: str) -> str:
    """The figure's title as plain text (its name when it has none)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", fig.layout.title.text or name)).strip()


def chart(fig: go.Figure, name: str, page: str, lang: str, scenario: str | None = None) -> None:
    """A chart and its downloads; the exported file is titled "<scenario> – <chart title>" or the title alone."""
    st.plotly_chart(fig, theme=None, key=f"{page}.chart.{name}", config=PLOTLY_CONFIG)
    title = chart_title(fig, name)
    chart_downloads(fig, title if scenario is None else f"{scenario} – {title}", lang, key=f"{page}.export.{name}")
