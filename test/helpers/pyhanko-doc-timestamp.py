"""Adds a PAdES document timestamp (/DocTimeStamp, ETSI.RFC3161) with pyHanko's local DummyTimeStamper.

Usage: pyhanko-doc-timestamp.py <in.pdf> <out.pdf> <tsa-key.pem> <tsa-cert.pem> [chain.pem ...]
"""
import sys

from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

src, dst, key, cert = sys.argv[1:5]
chain = sys.argv[5:]
stamper = DummyTimeStamper(
    tsa_cert=load_cert_from_pemder(cert),
    tsa_key=load_private_key_from_pemder(key, passphrase=None),
    certs_to_embed=[load_cert_from_pemder(p) for p in chain],
)
with open(src, 'rb') as inf:
    writer = IncrementalPdfFileWriter(inf)
    with open(dst, 'wb') as outf:
        signers.PdfTimeStamper(stamper).timestamp_pdf(writer, 'sha256', output=outf)
