"""Real files of each kind a dossier takes, made by the libraries that write them, and
files that lie about what they are."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import docx
import openpyxl

# A one-page PDF a reader opens (objects, cross-reference table, trailer).
_PDF_OBJECTS = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
]


def pdf(note: str = "") -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(_PDF_OBJECTS, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    start = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(_PDF_OBJECTS) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n" % (
        len(_PDF_OBJECTS) + 1, start))
    out.write(f"% {note}\n".encode() + b"%%EOF\n")
    return out.getvalue()


def docx_file(text: str = "Báo cáo thành tích") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_file() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Thành tích"])
    sheet.append(["Lò Văn Minh", "Chiến sĩ thi đua cơ sở 2023, 2024"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def png(width: int = 2, height: int = 2) -> bytes:
    """A real PNG (grey pixels): signature, IHDR, IDAT, IEND with their CRCs."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height,
                                                            8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def zip_not_office() -> bytes:
    """A ZIP archive named like a .docx: not a Word document."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "không phải tài liệu Word")
    return out.getvalue()


# An executable's first bytes (MZ), and HTML, both claiming to be a PDF.
EXE_AS_PDF = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56 + b"This program cannot be run"
HTML_AS_PDF = "<html><body><script>alert('x')</script>Báo cáo</body></html>".encode()
