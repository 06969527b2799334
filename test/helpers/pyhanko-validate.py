"""Validates every signature of a PDF with pyHanko's default difference analysis and prints JSON.

An encrypted file is opened with the empty user password.

Usage: pyhanko-validate.py <in.pdf> <trusted root.pem>...
Prints one JSON object: {"signatures": [{"field", "intact", "valid", "trusted", "coverage",
"modification_level", "docmdp_ok", "docmdp_level", "bottom_line", "diff_error", "details"}]}.
"details" is pyHanko's pretty_print_details() text; "diff_error" is the SuspiciousModification the
difference analysis raised, if any.
"""
import json
import sys

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext


def describe(sig, context):
    status = validate_pdf_signature(sig, context)
    diff = status.diff_result
    level = status.modification_level
    return {
        'field': sig.field_name,
        'intact': status.intact,
        'valid': status.valid,
        'trusted': status.trusted,
        'coverage': status.coverage.name if status.coverage else None,
        'modification_level': level.name if level else None,
        'docmdp_ok': status.docmdp_ok,
        'docmdp_level': sig.docmdp_level.name if sig.docmdp_level else None,
        'bottom_line': status.bottom_line,
        'diff_error': None if diff is None or hasattr(diff, 'modification_level') else str(diff),
        'details': status.pretty_print_details(),
    }


def main(pdf_path, roots):
    context = ValidationContext(trust_roots=[load_cert_from_pemder(r) for r in roots], allow_fetching=False)
    with open(pdf_path, 'rb') as f:
        reader = PdfFileReader(f)
        if reader.encrypted:
            reader.decrypt(b'')
        print(json.dumps({'signatures': [describe(s, context) for s in reader.embedded_signatures]}))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2:])
