"""Colours and chart defaults shared by every chart: colour-blind-safe (Okabe–Ito), baseline and reform
always in the same two colours, meaning never carried by red/green alone (signs, labels and patterns too).

Charts are drawn for two screens at once: a projector (large type) and a phone (a chart about 360 px wide).
Builders therefore wrap their titles and long category labels (``TITLE_WRAP`` characters a line), keep
numbers short, and pass ``PLOTLY_CONFIG`` to ``st.plotly_chart``: no plotly toolbar (it covered the titles on
a phone, added a dozen Tab stops per chart, and its PNG button duplicated our export buttons) and no drag
zoom (``dragmode=False`` in ``base_layout``: a finger's drag scrolls the page instead of zooming the chart).
"""

from functools import lru_cache

BASELINE = "#0072B2"  # blue: today's system, everywhere
REFORM = "#E69F00"  # orange: the active scenario, everywhere
GAIN = "#009E73"  # bluish green (always with a + sign or label)
LOSS = "#D55E00"  # vermillion (always with a − sign or label)
NEUTRAL = "#999999"
SEQUENCE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

FONT_SIZE = 16  # readable on a projector
TITLE_SIZE = 19
TITLE_WRAP = 34  # characters on a title line: fits a phone's chart width at TITLE_SIZE
TITLE_LINE_PX = 25  # height of one title line at TITLE_SIZE

#: plotly's "plotly_white" cut to what our 2-D charts use (its layout for cartesian axes, shapes, annotations and
#: hover labels, and its bar/scatter/histogram trace defaults, among them the overlay mode of the loss bars'
#: hatching). The full template carries polar, ternary, geo and 3-D defaults and colour scales for every trace
#: type: it made each chart 7.3 kB of JSON instead of 1.9 kB, and building a chart took 17 ms instead of 10 ms
#: (validation), on every slider move. Charts look the same.
_TEMPLATE_LAYOUT = (
    "autotypenumbers",
    "colorway",
    "font",
    "hovermode",
    "hoverlabel",
    "paper_bgcolor",
    "plot_bgcolor",
    "xaxis",
    "yaxis",
    "shapedefaults",
    "annotationdefaults",
    "title",
    "coloraxis",
)
_TEMPLATE_TRACES = ("bar", "scatter", "histogram")


@lru_cache(maxsize=1)
def template():
    """The charts' plotly template (built once): plotly_white without what only other chart types use."""
    import plotly.graph_objects as go
    import plotly.io as pio

    white = pio.templates["plotly_white"]
    return go.layout.Template(
        layout={k: white.layout[k] for k in _TEMPLATE_LAYOUT}, data={k: white.data[k] for k in _TEMPLATE_TRACES}
    )


#: The plotly.js config of every chart in the app: ``st.plotly_chart(fig, config=PLOTLY_CONFIG, theme=None)``.
#: Hover labels stay (tap on a phone); the toolbar, scroll zoom and the plotly logo go.
PLOTLY_CONFIG = {"displayModeBar": False, "displaylogo": False, "scrollZoom": False, "showTips": False}


def separators(lang: str) -> str:
    """Plotly's decimal and thousands separators for the locale (a comma and a space in Finnish and Swedish)."""
    return ", " if lang in ("fi", "sv") else ".,"


def base_layout(title: str = "", height: int = 420) -> dict:
    """Plotly layout defaults: large fonts, legend on top, no clutter, no drag zoom."""
    return {
        "template": template(),
        "title": {"text": title, "font": {"size": TITLE_SIZE}},
        "font": {"size": FONT_SIZE},
        "height": height,
        "margin": {"l": 60, "r": 20, "t": 60 if title else 20, "b": 50},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        "hoverlabel": {"font": {"size": FONT_SIZE}},
        "dragmode": False,
    }


#: Keyboard focus made plain on every page (app.py writes it once with ``st.html``): Streamlit marks a focused
#: menu link only with a faint grey background, the same as the page that is open. A constant, no user text.
FOCUS_CSS = """
a:focus-visible, button:focus-visible, summary:focus-visible, [role="tab"]:focus-visible,
[role="option"]:focus-visible, [tabindex]:not([tabindex="-1"]):focus-visible {
  outline: 3px solid #0072B2 !important;
  outline-offset: 2px;
}
[data-testid="stSidebarNav"] a:focus-visible, [data-testid="stSidebarNavLink"]:focus-visible { outline-offset: -3px; }
"""
