"""Signs a PDF with pyHanko as described by a JSON spec: certification, visible box, timestamp.

Usage: pyhanko-sign-spec.py <spec.json>
spec: {"input", "output", "key", "cert", "chain": [pem paths], "field", "box": [x1, y1, x2, y2] | null,
       "certify": bool, "docmdp": 1 | 2 | 3, "tsa": {"key", "cert", "chain": [pem paths]} | null}
pyHanko writes an incremental update, so the input's bytes stay a prefix of the output.
"""
import json
import sys

from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper


def timestamper(tsa):
    # pyHanko's own test TSA: answers RFC 3161 requests in-process, signed with our test TSA key.
    if not tsa:
        return None
    return DummyTimeStamper(
        tsa_cert=load_cert_from_pemder(tsa['cert']),
        tsa_key=load_private_key_from_pemder(tsa['key'], passphrase=None),
        certs_to_embed=[load_cert_from_pemder(p) for p in tsa.get('chain', [])],
    )


def main(spec):
    signer = signers.SimpleSigner.load(spec['key'], spec['cert'], ca_chain_files=tuple(spec['chain']))
    meta = signers.PdfSignatureMetadata(
        field_name=spec['field'],
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm='sha256',
        certify=spec.get('certify', False),
        docmdp_permissions=fields.MDPPerm(spec.get('docmdp', 2)),
    )
    box = spec.get('box')
    field_spec = fields.SigFieldSpec(sig_field_name=spec['field'], box=tuple(box) if box else None, on_page=-1)
    with open(spec['input'], 'rb') as inf, open(spec['output'], 'wb') as outf:
        signers.sign_pdf(
            IncrementalPdfFileWriter(inf), meta, signer=signer, output=outf,
            new_field_spec=field_spec, timestamper=timestamper(spec.get('tsa')),
        )


if __name__ == '__main__':
    with open(sys.argv[1]) as f:
        main(json.load(f))
