"""Process tuning (models.runtime): what configure() promises holds however early it is called."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# configure() before anything else has loaded numpy (as app.py and tests/conftest.py call it).
EARLY = """
import sys
sys.path.insert(0, {root!r})
from models import runtime
runtime.configure()
from threadpoolctl import threadpool_info
print(sorted({{i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"}}))
"""


def test_configure_called_first_still_limits_numpy_blas_to_one_thread():
    out = subprocess.run(
        [sys.executable, "-c", EARLY.format(root=str(ROOT))], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[1]", out.stdout + out.stderr
