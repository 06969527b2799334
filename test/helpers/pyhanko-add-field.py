"""Adds an empty (unsigned) signature field with pyHanko, as a form author prepares one for a later signer.

Usage: pyhanko-add-field.py <in.pdf> <out.pdf> <field> <x1> <y1> <x2> <y2>
The widget goes on the last page; a box of zero area makes an invisible field.
pyHanko writes an incremental update, so the input's bytes stay a prefix of the output.
"""
import sys

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields

in_path, out_path, name = sys.argv[1:4]
box = tuple(float(v) for v in sys.argv[4:8])
with open(in_path, 'rb') as inf:
    writer = IncrementalPdfFileWriter(inf)
    fields.append_signature_field(writer, fields.SigFieldSpec(sig_field_name=name, box=box, on_page=-1))
    with open(out_path, 'wb') as outf:
        writer.write(outf)
