"""The checks a whole file passes before anything of it is imported: its bytes and its XML.

A file whose container is broken (bytes not valid in the encoding it declares or the
operator names, XML not well-formed to its last byte, entity declarations) is refused whole:
a parser runs these checks first and yields nothing but the refusal when one fails. The
checks read in chunks and build nothing, so a 1 GB export is checked in flat memory.

XML is handed to its parser as UTF-8, whatever it was written in: `Utf8Reader` decodes the
bytes as they are read, stops at the first one the encoding does not allow, and rewrites
the declaration's encoding, so the parser reads the bytes as what they have become.
"""

import codecs
import io
import re
import xml.etree.ElementTree as ET
from pyexpat import errors as expat_errors

import defusedxml
from defusedxml.ElementTree import DefusedXMLParser
from django.utils.translation import gettext as _

from transfer.importers import Location, Problem

CHUNK = 64 * 1024
HEAD = 1024
DECLARED = re.compile(rb"^\s*<\?xml\b[^>]*?\bencoding\s*=\s*([\"'])([A-Za-z][\w.:\-]*)\1")
DECLARATION = re.compile(r"^(\ufeff?\s*<\?xml\b[^>]*?\bencoding\s*=\s*)([\"'])[^\"']*\2")
# Longest first: a UTF-32 mark begins as a UTF-16 one does.
BYTE_ORDER_MARKS = [
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF8, "UTF-8"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
]
CUT_OFF = {
    expat_errors.codes[expat_errors.XML_ERROR_NO_ELEMENTS],
    expat_errors.codes[expat_errors.XML_ERROR_UNCLOSED_TOKEN],
    expat_errors.codes[expat_errors.XML_ERROR_UNCLOSED_CDATA_SECTION],
    expat_errors.codes[expat_errors.XML_ERROR_PARTIAL_CHAR],
}


class EncodingError(Exception):
    """Bytes that are not valid in their encoding (`offset` is None: an unknown encoding)."""

    def __init__(self, encoding, offset=None, line=None):
        super().__init__(encoding, offset, line)
        self.encoding, self.offset, self.line = encoding, offset, line

    def problem(self, name):
        if self.offset is None:
            return Problem(
                Location(name),
                _(
                    "the file declares the unknown encoding “%(encoding)s”; "
                    "name its real encoding with --encoding"
                )
                % {"encoding": self.encoding[:40]},
            )
        return Problem(
            Location(name, line=self.line, offset=self.offset),
            bad_bytes(self.encoding),
        )


def bad_bytes(encoding):
    """The message for bytes that lie about their encoding; the location names the first."""
    return _("not %(encoding)s text; name the file's real encoding with --encoding") % {
        "encoding": encoding
    }


def codec_name(encoding):
    """Python's name of an encoding; EncodingError when there is no such encoding."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise EncodingError(encoding) from None


def decode(data, encoding=""):
    """The text of `data` in `encoding`, else the one its byte order mark names, else UTF-8."""
    marked = next((name for mark, name in BYTE_ORDER_MARKS if data.startswith(mark)), "UTF-8")
    encoding = (encoding or marked).upper()
    name = codec_name(encoding)
    start = 0
    if name == "utf-8" and data.startswith(codecs.BOM_UTF8):
        start = len(codecs.BOM_UTF8)
    try:
        return data[start:].decode(name)
    except UnicodeDecodeError as error:
        before = data[start : start + error.start].decode(name, "replace")
        raise EncodingError(encoding, start + error.start, before.count("\n") + 1) from None


def xml_encoding(stream):
    """The encoding an XML document says it is in: its byte order mark, its declaration."""
    head = stream.read(HEAD)
    stream.seek(0)
    for mark, encoding in BYTE_ORDER_MARKS:
        if head.startswith(mark):
            return encoding
    if head.startswith(b"<\x00?\x00"):
        return "UTF-16-LE"
    if head.startswith(b"\x00<\x00?"):
        return "UTF-16-BE"
    declared = DECLARED.match(head)
    return declared[2].decode("ascii").upper() if declared else "UTF-8"


class Utf8Reader:
    """A binary stream of XML read as UTF-8, checked against its encoding on the way.

    `read()` returns the next piece (b"" at the end) or raises EncodingError at the first
    byte the encoding does not allow, with its offset in the stream and its line.
    """

    def __init__(self, stream, encoding=""):
        self.stream = stream
        self.encoding = (encoding or xml_encoding(stream)).upper()
        self.codec = codec_name(self.encoding)
        self.decoder = codecs.getincrementaldecoder(self.codec)()
        self.offset = 0
        self.line = 1
        self.started = False

    def read(self, size=CHUNK):
        """The next piece as UTF-8; `size` is a hint only (parsers take any length)."""
        while True:
            data = self.stream.read(CHUNK)
            pending = self.decoder.getstate()[0]
            try:
                text = self.decoder.decode(data, final=not data)
            except UnicodeDecodeError as error:
                before = (pending + data)[: error.start].decode(self.codec, "replace")
                offset = self.offset - len(pending) + error.start
                raise EncodingError(self.encoding, offset, self.line + before.count("\n")) from None
            self.offset += len(data)
            self.line += text.count("\n")
            if not data:
                return text.encode()
            if not text:
                continue
            if not self.started:
                self.started = True
                text = DECLARATION.sub(r"\1\2utf-8\2", text, count=1)
                # What the decoder holds back is passed on with the next piece, as it came.
                held = self.decoder.getstate()[0] if self.codec == "utf-8" else b""
                return text.encode() + held
            return data if self.codec == "utf-8" else text.encode()


def as_utf8(data, encoding=""):
    """The bytes of an XML document, held whole, as UTF-8 (see `Utf8Reader`)."""
    reader = Utf8Reader(io.BytesIO(data), encoding)
    return b"".join(iter(reader.read, b""))


class _Nothing:
    """A parser target that keeps nothing: the check builds no tree."""

    def data(self, text):
        pass


def check_xml(stream, name, encoding=""):
    """The Problem that refuses the XML document in `stream`, or None if it is sound to its end.

    Reads the stream once, in chunks, under defusedxml's protections; leaves it rewound.
    """
    try:
        reader = Utf8Reader(stream, encoding)
        parser = DefusedXMLParser(target=_Nothing())
        while piece := reader.read():
            parser.feed(piece)
        parser.close()
    except (EncodingError, ET.ParseError, defusedxml.DefusedXmlException) as error:
        return xml_problem(name, error)
    finally:
        stream.seek(0)
    return None


def xml_problem(name, error):
    """The refusal of an XML file for an EncodingError, a ParseError or a defused attack."""
    if isinstance(error, EncodingError):
        return error.problem(name)
    if isinstance(error, defusedxml.DefusedXmlException):
        return Problem(
            Location(name),
            _(
                "refused: the file declares XML entities or external references "
                "(an XXE or “billion laughs” attack); nothing more is read from it"
            ),
        )
    line, column = error.position
    return Problem(
        Location(name, line=line, column=column + 1),
        _("not well-formed XML: %(reason)s; nothing of the file is imported")
        % {"reason": _reason(error)},
    )


def _reason(error):
    if error.code in CUT_OFF:
        return _("the file ends before its XML does (cut off?)")
    if error.code == expat_errors.codes[expat_errors.XML_ERROR_TAG_MISMATCH]:
        return _("a closing tag does not match the tag it closes")
    if error.code == expat_errors.codes[expat_errors.XML_ERROR_INVALID_TOKEN]:
        return _("a character XML forbids, or a stray “<” or “&”")
    if error.code == expat_errors.codes[expat_errors.XML_ERROR_UNDEFINED_ENTITY]:
        return _("an entity XML does not know, such as “&nbsp;”")
    return str(error).rsplit(":", 1)[0]
