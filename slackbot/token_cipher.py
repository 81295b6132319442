"""Workspace tokens encrypted at rest: Fernet (AES-128-CBC with an HMAC) from `cryptography`,
under keys from the environment. MultiFernet encrypts with the first key and decrypts with
any, so a key is rotated by putting the new one first and re-encrypting (`rotate-key`)."""

from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class TokenKeyError(ValueError):
    """A stored token no configured key opens (the key that encrypted it is not set)."""


def parse_keys(value: str) -> list[str]:
    """The comma-separated keys of TOKEN_ENCRYPTION_KEYS, each checked to be a Fernet key."""
    keys = [part.strip() for part in value.split(",") if part.strip()]
    if not keys:
        raise ValueError("holds no key")
    for key in keys:
        try:
            Fernet(key)
        except ValueError:
            raise ValueError(
                "each key must be 32 url-safe base64-encoded bytes, as Fernet.generate_key() makes"
            ) from None
    return keys


class TokenCipher:
    def __init__(self, keys: Sequence[str]) -> None:
        self._fernet = MultiFernet([Fernet(key) for key in keys])

    def encrypt(self, token: str) -> str:
        return self._fernet.encrypt(token.encode()).decode()

    def decrypt(self, stored: str) -> str:
        try:
            return self._fernet.decrypt(stored.encode()).decode()
        except InvalidToken:
            raise TokenKeyError("no key in TOKEN_ENCRYPTION_KEYS opens a stored token") from None

    def rotate(self, stored: str) -> str:
        """The same token, encrypted again under the first key."""
        try:
            return self._fernet.rotate(stored.encode()).decode()
        except InvalidToken:
            raise TokenKeyError("no key in TOKEN_ENCRYPTION_KEYS opens a stored token") from None


def new_key() -> str:
    return Fernet.generate_key().decode()
