"""Certifies a PDF with pyHanko (DocMDP, ISO 32000-1 §12.8.2.2) as an independent certifying signer.

Usage: pyhanko-certify.py <in.pdf> <out.pdf> <key.pem> <cert.pem> <root.pem> <field name> <P: 1|2|3>
"""
import sys

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

in_path, out_path, key_path, cert_path, root_path, field_name, level = sys.argv[1:8]
signer = signers.SimpleSigner.load(key_path, cert_path, ca_chain_files=(root_path,))
meta = signers.PdfSignatureMetadata(
    field_name=field_name,
    subfilter=fields.SigSeedSubFilter.PADES,
    md_algorithm='sha256',
    certify=True,
    docmdp_permissions=fields.MDPPerm(int(level)),
)
spec = fields.SigFieldSpec(sig_field_name=field_name, box=(40, 40, 240, 90), on_page=0)
with open(in_path, 'rb') as inf, open(out_path, 'wb') as outf:
    signers.sign_pdf(IncrementalPdfFileWriter(inf), meta, signer=signer, output=outf, new_field_spec=spec)
