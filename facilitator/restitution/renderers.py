"""The restitution's output formats, like datasette's output renderers: ``{ext: (render, mimetype)}``.

Each ``render`` takes a :class:`~facilitator.restitution.document.Document` and returns bytes.
fpdf2 and python-docx are imported only when a PDF or a Word file is asked for.
"""
from __future__ import annotations

import io
import posixpath
import zipfile

from . import docx, html, markdown, pdf

RENDERERS = {
    "md": (markdown.render, "text/markdown; charset=utf-8"),
    "html": (html.render, "text/html; charset=utf-8"),
    "pdf": (pdf.render, "application/pdf"),
    "docx": (docx.render, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}
CSV_MIMETYPE = "text/csv; charset=utf-8"
ZIP_MIMETYPE = "application/zip"

# Fixed entry dates: the same files always give the same archive (no clock inside).
_ZIP_DATE = (2000, 1, 1, 0, 0, 0)
_ALREADY_COMPRESSED = (".pdf", ".docx", ".zip", ".png", ".jpg", ".jpeg")


def render(doc, ext: str) -> tuple[bytes, str]:
    """(bytes, mimetype) of ``doc`` in the format ``ext`` ("md", "html", "pdf", "docx")."""
    try:
        fn, mimetype = RENDERERS[ext]
    except KeyError:
        raise ValueError(f"unknown format {ext!r} (one of {', '.join(RENDERERS)})") from None
    return fn(doc), mimetype


def _entry_name(name: str) -> str:
    clean = name.replace("\\", "/")
    norm = posixpath.normpath(clean)
    if (not clean or clean.startswith("/") or norm.startswith("..") or ":" in clean
            or norm in (".", "")):
        raise ValueError(f"unsafe file name in archive: {name!r}")
    return norm


def zip_all(files: dict[str, bytes]) -> bytes:
    """One .zip holding every file, in the order given, names checked (no "../", no "C:")."""
    buf = io.BytesIO()
    seen = set()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, data in files.items():
            entry = _entry_name(name)
            if entry in seen:
                raise ValueError(f"two files named {entry!r}")
            seen.add(entry)
            info = zipfile.ZipInfo(entry, date_time=_ZIP_DATE)
            info.external_attr = 0o644 << 16
            stored = entry.lower().endswith(_ALREADY_COMPRESSED)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buf.getvalue()
