"""A participant process for the restart and concurrency tests (run as ``python -m tests.workshop_writer``).

``writer URL CODE N [--die-in-transaction]``: joins N participants one after another; each saves its axis
positions and then prints ``COMMITTED <token> <u> <c> <i>`` (so every printed line is a committed answer).
With ``--die-in-transaction`` it then opens one more write transaction, writes an answer and kills itself
with SIGKILL before committing. Without it, it keeps saving new answers until it is killed from outside.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from workshop import store  # noqa: E402
from workshop.db import Database  # noqa: E402
from workshop.schema import AxisAnswer, JoinRequest  # noqa: E402


def main(argv: list[str]) -> None:
    url, code, n = argv[0], argv[1], int(argv[2])
    die_in_transaction = "--die-in-transaction" in argv
    db = Database(url)
    i = 0
    while die_in_transaction is False or i < n:
        joined = store.join(db, code, JoinRequest(nickname=f"w{os.getpid()}-{i}"), client=f"writer-{os.getpid()}")
        u, c, d = (i % 101) / 100, ((3 * i) % 101) / 100, ((7 * i) % 101) / 100
        store.save_axes(db, code, joined.token, AxisAnswer(universality=u, unconditionality=c, individuality=d))
        print(f"COMMITTED {joined.token} {u} {c} {d}", flush=True)
        i += 1
    # One more answer inside an open transaction, then death before COMMIT.
    with db.transaction() as tx:
        tx.execute(
            "UPDATE axis_answers SET universality = 0.999 WHERE workshop_id IN "
            "(SELECT id FROM workshops WHERE code = ?)",
            (code,),
        )
        tx.execute(
            "INSERT INTO participants (id, workshop_id, token_hash, nickname, joined_at) "
            "SELECT 'uncommitted00000', id, 'uncommitted-token-hash', 'ghost', 0 FROM workshops WHERE code = ?",
            (code,),
        )
        print("IN_TRANSACTION", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    main(sys.argv[1:])
