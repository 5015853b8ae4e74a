"""ptycheck.py — what may reach a terminal: the byte checks of the hostile suite.

terminal_problems(data, allow_c0, escapes) lists everything in `data` that a
server string could have put there:
  * a C0 control byte not in allow_c0, or DEL;
  * with escapes=False, any ESC; with escapes=True, any escape sequence other
    than the ones curses writes for its terminfo entry: CSI (ESC [ params
    final), charset designation (ESC ( X, ESC ) X) and the two-byte ones
    ESC 7 8 = > M D E H c.  OSC (ESC ]), DCS (ESC P), APC, PM, SOS and
    anything else is a problem — so is an OSC's payload, whatever it says;
  * bytes that are not UTF-8;
  * C1 code points (U+0080-U+009F, 8-bit CSI/OSC/DCS), bidi controls
    (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069), zero-width and
    invisible formatting (U+200B-U+200D, U+2060-U+2064, U+FEFF, U+00AD,
    U+180E), and U+2028/U+2029.
"""
import re

_SAFE_ESC = re.compile(rb"\x1b(?:\[[0-9;:?<=>!]*[ -/]*[@-~]|[()][0-9A-Za-z]|[78=>MDEHc])")
_BAD_CP = set([0x061C, 0x200E, 0x200F, 0x00AD, 0x180E, 0x2028, 0x2029, 0xFEFF])
_BAD_CP.update(range(0x80, 0xA0), range(0x202A, 0x202F), range(0x2066, 0x206A),
               range(0x200B, 0x200E), range(0x2060, 0x2065))


def terminal_problems(data, allow_c0=b"\n", escapes=False):
    probs = []
    i = 0
    rest = bytearray()
    while i < len(data):
        b = data[i]
        if b == 0x1B:
            m = _SAFE_ESC.match(data, i) if escapes else None
            if m is None:
                probs.append("escape %r at byte %d" % (data[i:i + 12], i))
                i += 1
                continue
            i = m.end()
            continue
        if (b < 0x20 and b not in allow_c0) or b == 0x7F:
            probs.append("control byte 0x%02x at byte %d (%r)" % (b, i, data[max(0, i - 8):i + 8]))
        rest.append(b)
        i += 1
    try:
        text = bytes(rest).decode("utf-8")
    except UnicodeDecodeError as ex:
        probs.append("not UTF-8: %s" % ex)
        text = bytes(rest).decode("utf-8", errors="ignore")
    for n, ch in enumerate(text):
        if ord(ch) in _BAD_CP:
            probs.append("code point U+%04X near %r" % (ord(ch), text[max(0, n - 10):n + 10]))
    return probs
