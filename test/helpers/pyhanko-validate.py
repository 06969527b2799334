"""Validates every signature of a PDF with pyHanko, opening an encrypted file with the empty user password.

Usage: pyhanko-validate.py <file.pdf> <root.pem>...
Prints one JSON line per signature: field, intact, valid, trusted, coverage, modification level.
"""
import json
import sys

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

path, roots = sys.argv[1], sys.argv[2:]
context = ValidationContext(trust_roots=[load_cert_from_pemder(r) for r in roots], allow_fetching=False)
with open(path, 'rb') as f:
    reader = PdfFileReader(f)
    if reader.encrypted:
        reader.decrypt(b'')
    for sig in reader.embedded_signatures:
        status = validate_pdf_signature(sig, context)
        print(json.dumps({
            'field': sig.field_name,
            'intact': status.intact,
            'valid': status.valid,
            'trusted': status.trusted,
            'coverage': status.coverage.name if status.coverage else None,
            'modification': status.modification_level.name if status.modification_level else None,
        }))
