"""Colours and chart defaults shared by every chart: colour-blind-safe (Okabe–Ito), baseline and reform
always in the same two colours, meaning never carried by red/green alone (signs, labels and patterns too)."""

BASELINE = "#0072B2"  # blue: today's system, everywhere
REFORM = "#E69F00"  # orange: the active scenario, everywhere
GAIN = "#009E73"  # bluish green (always with a + sign or label)
LOSS = "#D55E00"  # vermillion (always with a − sign or label)
NEUTRAL = "#999999"
SEQUENCE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

FONT_SIZE = 16  # readable on a projector
TEMPLATE = "plotly_white"


def base_layout(title: str = "", height: int = 420) -> dict:
    """Plotly layout defaults: large fonts, legend on top, no clutter."""
    return {
        "template": TEMPLATE,
        "title": {"text": title},
        "font": {"size": FONT_SIZE},
        "height": height,
        "margin": {"l": 60, "r": 20, "t": 60 if title else 20, "b": 50},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        "hoverlabel": {"font": {"size": FONT_SIZE}},
    }
