#!/usr/bin/python3
"""vault_decrypt.py - an independent reader of bankterm vaults, written from
bankterm-vault(5) alone (Debian's python3-nacl; no bankterm code).

usage: vault_decrypt.py VAULT < passphrase-line
Prints the entries as JSON: {"name": "hex of value", ...}.  Exits 3 when the
passphrase is wrong or the file is damaged, 1 when the header is refused."""
import hashlib
import json
import struct
import sys

import nacl.bindings
import nacl.exceptions
import nacl.pwhash

HEADER = 72


def derive_subkey(master, subkey_id, context):
    """crypto_kdf_derive_from_key as bankterm-vault(5) describes it."""
    salt = struct.pack("<Q", subkey_id) + bytes(8)
    person = context + bytes(16 - len(context))
    return hashlib.blake2b(b"", digest_size=32, key=master, salt=salt, person=person).digest()


def decrypt(data, passphrase):
    if len(data) < HEADER + 16 + 4 or data[:14] != b"BANKTERM-VAULT":
        raise ValueError("not a bankterm vault")
    version, kdf_id = data[14], data[15]
    opslimit, memlimit = struct.unpack_from("<QQ", data, 16)
    salt, nonce = data[32:48], data[48:72]
    if version != 1 or kdf_id != 2:
        raise ValueError("unknown version or KDF")
    if not (2 <= opslimit <= 64 and 64 << 20 <= memlimit <= 4 << 30):
        raise ValueError("KDF parameters out of bounds")
    master = nacl.pwhash.argon2id.kdf(32, passphrase, salt, opslimit=opslimit, memlimit=memlimit)
    key = derive_subkey(master, 1, b"bankterm")
    plain = nacl.bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(
        data[HEADER:], data[:HEADER], nonce, key)
    (count,) = struct.unpack_from("<I", plain, 0)
    pos, entries = 4, {}
    for _ in range(count):
        (nlen,) = struct.unpack_from("<H", plain, pos)
        name = plain[pos + 2:pos + 2 + nlen]
        pos += 2 + nlen
        (vlen,) = struct.unpack_from("<I", plain, pos)
        value = plain[pos + 4:pos + 4 + vlen]
        if len(value) != vlen or nlen == 0 or b"\0" in name or name in entries:
            raise ValueError("malformed entry")
        pos += 4 + vlen
        entries[name] = value
    if pos != len(plain):
        raise ValueError("trailing bytes")
    return entries


def main():
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    passphrase = sys.stdin.buffer.readline().rstrip(b"\n").rstrip(b"\r")
    try:
        entries = decrypt(data, passphrase)
    except nacl.exceptions.CryptoError:
        print("wrong passphrase or damaged vault", file=sys.stderr)
        return 3
    except (ValueError, struct.error) as exc:
        print("refused: %s" % exc, file=sys.stderr)
        return 1
    json.dump({k.decode("utf-8", "backslashreplace"): v.hex() for k, v in entries.items()},
              sys.stdout, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
