"""Reading a list of addresses to invite: pasted text or a CSV file with columns email[,role][,name].

Only splitting and decoding live here; each address is judged by echo.programs.invites.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from email.utils import getaddresses

from flask_babel import gettext as _

from echo.core.errors import Invalid

MAX_ADDRESSES = 200
HEADER_NAMES = {"email": "email", "e-mail": "email", "email address": "email", "address": "email",
                "role": "role", "name": "name", "full name": "name"}


@dataclass(frozen=True)
class Entry:
    """One address as the coordinator wrote it, with the optional role and name beside it."""

    address: str
    role: str = ""
    name: str = ""


def _address_list(line: str) -> list[Entry]:
    line = line.replace(";", ",")
    if "<" not in line:
        # Plain addresses are kept exactly as typed, so that a malformed one is shown as it was.
        out = []
        for chunk in (c.strip() for c in line.split(",")):
            words = chunk.split()
            # "a@x.org b@y.org" is two addresses; "not an address" is one bad one.
            out.extend(Entry(address=w) for w in (words if all("@" in w for w in words) else [chunk]) if w)
        return out
    # Lists copied from a mail client look like "Jane Roe <jane@x.org>; bob@y.org".
    pairs = getaddresses([line])
    return [Entry(address=addr.strip() or name.strip(), name=name.strip()) for name, addr in pairs if (addr or name).strip()]


def _row(cells: list[str]) -> list[Entry]:
    cells = [c.strip() for c in cells]
    while cells and not cells[-1]:
        cells.pop()
    if not cells:
        return []
    first = _address_list(cells[0]) or [Entry(address=cells[0])]
    if len(first) > 1 or sum("@" in c for c in cells) > 1 or len(cells) > 3:
        return _address_list(",".join(cells))
    head = first[0]
    role = cells[1] if len(cells) > 1 else ""
    name = cells[2] if len(cells) > 2 else head.name
    return [Entry(address=head.address, role=role, name=name)]


def parse_pasted(text: str) -> list[Entry]:
    """One address per line, or several on a line separated by commas/semicolons; a line may
    also be a CSV row email,role,name."""
    entries: list[Entry] = []
    for line in (text or "").splitlines():
        if "<" in line:
            entries.extend(_address_list(line))
        else:
            for cells in csv.reader([line]):
                entries.extend(_row(cells))
    return entries


def decode_csv(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid(_("The file is not a CSV text file in UTF-8. Save it from your spreadsheet as "
                        "\"CSV UTF-8\" and upload it again."), field="file")


def parse_csv(text: str) -> list[Entry]:
    """Rows email[,role][,name]; a first row naming the columns (in any order) is honoured."""
    rows = [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
    if not rows:
        return []
    header = [HEADER_NAMES.get(c.strip().lower()) for c in rows[0]]
    if "email" not in header:
        entries: list[Entry] = []
        for r in rows:
            entries.extend(_row(r))
        return entries
    out = []
    for r in rows[1:]:
        got = {key: (r[i].strip() if i < len(r) else "") for i, key in enumerate(header) if key}
        out.append(Entry(address=got.get("email", ""), role=got.get("role", ""), name=got.get("name", "")))
    return [e for e in out if e.address or e.name]


def check_count(entries: list[Entry], field: str = "addresses") -> None:
    if not entries:
        raise Invalid(_("Paste at least one e-mail address, or choose a CSV file."), field=field)
    if len(entries) > MAX_ADDRESSES:
        raise Invalid(_("At most %(max)d addresses per upload; this list has %(num)d. "
                        "Split it into smaller lists and send them one after the other.", max=MAX_ADDRESSES, num=len(entries)), field=field)
