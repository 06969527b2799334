"""Certifies a PDF with pyHanko (DocMDP), as an independent signer of certified documents.

Usage: pyhanko-certify.py <in.pdf> <out.pdf> <key.pem> <cert.pem> <root.pem> <field> <P: 1|2|3> [locked field]
With a locked field name, the certification's field also carries a FieldMDP lock on that field
(ISO 32000-1 §12.8.2.4), so filling it later is forbidden even at P=2.
"""
import sys

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import FieldMDPAction, FieldMDPSpec, MDPPerm

in_path, out_path, key_path, cert_path, root_path, field_name, level = sys.argv[1:8]
locked = sys.argv[8] if len(sys.argv) > 8 else None
perm = {'1': MDPPerm.NO_CHANGES, '2': MDPPerm.FILL_FORMS, '3': MDPPerm.ANNOTATE}[level]
signer = signers.SimpleSigner.load(key_path, cert_path, ca_chain_files=(root_path,))
meta = signers.PdfSignatureMetadata(
    field_name=field_name,
    subfilter=fields.SigSeedSubFilter.PADES,
    md_algorithm='sha256',
    certify=True,
    docmdp_permissions=perm,
)
lock = FieldMDPSpec(FieldMDPAction.INCLUDE, fields=[locked]) if locked else None
spec = fields.SigFieldSpec(sig_field_name=field_name, box=(40, 40, 240, 90), on_page=-1, field_mdp_spec=lock)
with open(in_path, 'rb') as inf, open(out_path, 'wb') as outf:
    signers.sign_pdf(IncrementalPdfFileWriter(inf), meta, signer=signer, output=outf, new_field_spec=spec)
