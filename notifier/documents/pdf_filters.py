"""pdfminer's stream filters (PDFStream.decode's steps) stopped as soon as their output
passes a cap, for notifier.documents.pdf_limits; a predictor's output is never longer than
its input."""

from __future__ import annotations

import io
import zlib

from pdfminer.lzw import LZWDecoder
from pdfminer.pdfexceptions import PDFNotImplementedError
from pdfminer.pdftypes import int_value
from pdfminer.utils import apply_png_predictor, apply_tiff_predictor


def predicted(params: dict, data: bytes) -> bytes:
    """pdfminer's predictors (their output is never longer than their input)."""
    if not params or "Predictor" not in params:
        return data
    pred = int_value(params["Predictor"])
    colors = int_value(params.get("Colors", 1))
    columns = int_value(params.get("Columns", 1))
    bits = int_value(params.get("BitsPerComponent", 8))
    if pred == 1:
        return data
    if pred == 2:
        return apply_tiff_predictor(colors, columns, bits, data)
    if pred >= 10:
        return apply_png_predictor(pred, colors, columns, bits, data)
    raise PDFNotImplementedError(f"Unsupported predictor: {pred!r}")


def inflate(data: bytes, cap: int) -> bytes:
    """Up to cap + 1 bytes of the zlib data; what came before an error for broken data (as
    pdfminer's decompress_corrupted keeps)."""
    inflater = zlib.decompressobj()
    out = bytearray()
    pending = data
    try:
        while pending and len(out) <= cap and not inflater.eof:
            out += inflater.decompress(pending, cap + 1 - len(out))
            pending = inflater.unconsumed_tail
    except zlib.error:
        pass
    return bytes(out)


def lzw(data: bytes, cap: int) -> bytes:
    out = bytearray()
    for chunk in LZWDecoder(io.BytesIO(data)).run():
        out += chunk
        if len(out) > cap:
            break
    return bytes(out)


def run_length(data: bytes, cap: int) -> bytes:
    """RunLengthDecode (PDF 32000 7.4.5), stopped past cap."""
    out = bytearray()
    i = 0
    while i < len(data) and len(out) <= cap:
        length = data[i]
        if length == 128:
            break
        if length < 128:
            out += data[i + 1 : i + 2 + length]
            i += 2 + length
        else:
            out += data[i + 1 : i + 2] * (257 - length)
            i += 2
    return bytes(out)
