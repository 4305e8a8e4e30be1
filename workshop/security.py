"""Join codes, facilitator keys, participant tokens and the rate limit of wrong codes and keys.

- **Join code**: 8 characters from a 30-symbol alphabet without look-alikes (no 0/O, 1/I/L, and no U next to
  V): 30⁸ ≈ 6.6 × 10¹¹ codes, drawn with :mod:`secrets`. Shown as ``ABCD-EFGH``; typed codes are
  upper-cased and stripped of spaces and dashes before they are checked.
- **Facilitator key**: 128 random bits (``secrets.token_urlsafe(16)``), shown once. Only its scrypt hash
  (n = 2¹⁴, r = 8, p = 1, 16-byte salt) is stored; it is checked with :func:`hmac.compare_digest`.
- **Participant token**: 192 random bits in the participant's link (``?p=…``). Stored as SHA-256 (a token this
  long cannot be guessed, so a slow hash adds nothing); it finds that participant's rows only.
- **Rate limit** (``store``): wrong join codes and wrong facilitator keys are counted in the database (so every
  app server sees them) per browser session *and* per IP address. A session has :data:`FREE_FAILURES` free
  wrong attempts in :data:`WINDOW_S` seconds; an address, which a whole room may share behind one NAT, has
  :data:`FREE_FAILURES_IP`. Each further wrong attempt locks that session (or address) out for 2, 4, 8 …
  seconds, at most :data:`MAX_DELAY_S`. A locked-out attempt is refused before the code is looked at, and the
  lock-out ends by itself; a right code does not reset the count (a known code cannot be used to keep
  guessing). Guessing is hopeless anyway: at one try a second a session would need about 10⁴ years to find
  one code of a thousand open workshops; the limit keeps a script from trying fast.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # 30 symbols: no 0 O 1 I L U
CODE_LENGTH = 8
CODE_RE = re.compile(f"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1

FREE_FAILURES = 5
FREE_FAILURES_IP = 50
WINDOW_S = 600.0
MAX_DELAY_S = 300.0


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str | None) -> str | None:
    """A typed or linked code as stored (``abcd-efgh`` → ``ABCDEFGH``), or None when it cannot be one."""
    if not text:
        return None
    code = re.sub(r"[\s\-]", "", str(text)[:40]).upper()
    return code if CODE_RE.match(code) else None


def display_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def new_key() -> str:
    return secrets.token_urlsafe(16)


def hash_key(key: str, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(key.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def verify_key(key: str | None, stored: str) -> bool:
    """True when ``key`` is the key whose hash is ``stored`` (constant-time comparison)."""
    if not key or len(key) > 200:
        return False
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        salt, digest = base64.b64decode(salt_b64), base64.b64decode(digest_b64)
        candidate = hashlib.scrypt(key.encode("utf-8"), salt=salt, n=int(n), r=int(r), p=int(p), dklen=len(digest))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(candidate, digest)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def hash_token(token: str) -> str:
    return hashlib.sha256(("arvovalinnat-participant:" + token).encode("utf-8")).hexdigest()


def new_id() -> str:
    return secrets.token_hex(8)


@dataclass(frozen=True)
class Client:
    """Who is trying a code, for the rate limit: a hash of the browser session and of the IP address."""

    session: str
    ip: str | None = None

    def buckets(self, kind: str) -> list[tuple[str, int]]:
        """(bucket, free failures) of this client for ``kind`` ("code" or "key")."""
        out = [(f"{kind}:s:{self.session}", FREE_FAILURES)]
        if self.ip:
            out.append((f"{kind}:ip:{self.ip}", FREE_FAILURES_IP))
        return out


def _digest(text: str) -> str:
    return hashlib.sha256(("arvovalinnat-client:" + text).encode("utf-8")).hexdigest()[:32]


def client(ip_address: str | None, session_id: str) -> Client:
    """The rate limit's client of a browser session (and of its IP address when the app knows it)."""
    return Client(session=_digest(session_id), ip=_digest(ip_address) if ip_address else None)


def as_client(who: Client | str) -> Client:
    """A :class:`Client`, or a plain string taken as a session (scripts and tests)."""
    return who if isinstance(who, Client) else Client(session=_digest(str(who)))


def lockout_after(failures: int, free: int = FREE_FAILURES) -> float:
    """Seconds a client is locked out after its ``failures``-th wrong attempt in the window."""
    if failures <= free:
        return 0.0
    return float(min(2 ** (failures - free), MAX_DELAY_S))
