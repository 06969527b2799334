"""Signs a PDF with pyHanko (PAdES, /ETSI.CAdES.detached, SHA-256) as an independent "other signer".

Usage: pyhanko-sign.py <in.pdf> <out.pdf> <key.pem> <cert.pem> <root.pem> <field name>
pyHanko writes an incremental update, so the input's bytes stay a prefix of the output.
"""
import sys

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

in_path, out_path, key_path, cert_path, root_path, field_name = sys.argv[1:7]
signer = signers.SimpleSigner.load(key_path, cert_path, ca_chain_files=(root_path,))
meta = signers.PdfSignatureMetadata(
    field_name=field_name,
    subfilter=fields.SigSeedSubFilter.PADES,
    md_algorithm='sha256',
)
# A visible widget at the bottom-left of the last page, away from the default bottom-right seal.
spec = fields.SigFieldSpec(sig_field_name=field_name, box=(40, 40, 240, 90), on_page=-1)
with open(in_path, 'rb') as inf, open(out_path, 'wb') as outf:
    writer = IncrementalPdfFileWriter(inf)
    # An encrypted input that opens with the empty user password: pyHanko encrypts the update with its key.
    if writer.prev.encrypted:
        writer.encrypt('')
    signers.sign_pdf(writer, meta, signer=signer, output=outf, new_field_spec=spec)
