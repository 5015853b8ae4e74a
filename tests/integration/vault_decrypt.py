#!/usr/bin/python3
"""vault_decrypt.py - an independent reader of bankterm vaults, written from
bankterm-vault(5) alone (Debian's python3-nacl; no bankterm code).

usage: vault_decrypt.py VAULT [CACHE] < passphrase-line
Prints the entries as JSON: {"name": "hex of value", ...}; with CACHE, the
offline cache's records instead: ["hex of record", ...].  Exits 3 when the
passphrase is wrong or a file is damaged, 1 when a header is refused."""
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


def decrypt(data, passphrase, cache=None):
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
    if cache is not None:
        return decrypt_cache(cache, derive_subkey(master, 2, b"bankterm"))
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


def decrypt_cache(data, key):
    """The records of an offline cache, per "THE OFFLINE CACHE FILE"."""
    ss = nacl.bindings
    if len(data) < 40 or data[:14] != b"BANKTERM-CACHE" or data[14] != 1 or data[15] != 0:
        raise ValueError("not a bankterm cache")
    state = ss.crypto_secretstream_xchacha20poly1305_state()
    ss.crypto_secretstream_xchacha20poly1305_init_pull(state, data[16:40], key)
    pos, ad, records, final = 40, data[:40], [], False
    while not final:
        (clen,) = struct.unpack_from("<I", data, pos)
        chunk = data[pos + 4:pos + 4 + clen]
        if len(chunk) != clen:
            raise nacl.exceptions.CryptoError("cut short")
        plain, tag = ss.crypto_secretstream_xchacha20poly1305_pull(state, chunk, ad)
        pos, ad = pos + 4 + clen, None
        final = tag == ss.crypto_secretstream_xchacha20poly1305_TAG_FINAL
        i = 0
        while i < len(plain):
            (rlen,) = struct.unpack_from("<I", plain, i)
            records.append(plain[i + 4:i + 4 + rlen])
            i += 4 + rlen
    if pos != len(data):
        raise nacl.exceptions.CryptoError("bytes after the final chunk")
    return records


def main():
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    cache = None
    if len(sys.argv) > 2:
        with open(sys.argv[2], "rb") as f:
            cache = f.read()
    passphrase = sys.stdin.buffer.readline().rstrip(b"\n").rstrip(b"\r")
    try:
        entries = decrypt(data, passphrase, cache)
    except nacl.exceptions.CryptoError:
        print("wrong passphrase or damaged vault", file=sys.stderr)
        return 3
    except (ValueError, struct.error) as exc:
        print("refused: %s" % exc, file=sys.stderr)
        return 1
    if cache is not None:
        json.dump([r.hex() for r in entries], sys.stdout)
        print()
        return 0
    json.dump({k.decode("utf-8", "backslashreplace"): v.hex() for k, v in entries.items()},
              sys.stdout, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
