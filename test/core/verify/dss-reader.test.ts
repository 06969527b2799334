import { PDFDocument, PDFName } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PDF_LIMITS } from '../../../src/core/limits.js';
import { PdfFile } from '../../../src/core/pdf/pdf-file.js';
import { MAX_DSS_ENTRIES, readDss } from '../../../src/core/verify/dss-reader.js';

async function withDss(build: (doc: PDFDocument) => Record<string, unknown>): Promise<PdfFile> {
  const doc = await PDFDocument.create();
  doc.addPage();
  const entries = build(doc);
  const dss = doc.context.obj(entries as never);
  doc.catalog.set(PDFName.of('DSS'), doc.context.register(dss));
  const bytes = Buffer.from(await doc.save({ useObjectStreams: false }));
  return PdfFile.open(bytes, DEFAULT_PDF_LIMITS);
}

const stream = (doc: PDFDocument, bytes: Buffer) => doc.context.register(doc.context.flateStream(bytes));

describe('readDss', () => {
  it('reads the certificates, CRLs and OCSP responses as decoded DER', async () => {
    const file = await withDss((doc) => ({
      Certs: [stream(doc, Buffer.from('cert-1')), stream(doc, Buffer.from('cert-2'))],
      CRLs: [stream(doc, Buffer.from('crl-1'))],
      OCSPs: [stream(doc, Buffer.from('ocsp-1'))],
    }));
    const dss = readDss(file);
    expect(dss.certificates.map(String)).toEqual(['cert-1', 'cert-2']);
    expect(dss.crls.map(String)).toEqual(['crl-1']);
    expect(dss.ocsps.map(String)).toEqual(['ocsp-1']);
    expect(dss.checks).toEqual([]);
  });

  it('a file without /DSS has no validation data', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const dss = readDss(PdfFile.open(Buffer.from(await doc.save()), DEFAULT_PDF_LIMITS));
    expect(dss).toMatchObject({ certificates: [], crls: [], ocsps: [], checks: [] });
  });

  it('a hostile DSS: too many entries, values that are not streams, a non-array entry', async () => {
    const file = await withDss((doc) => {
      const one = stream(doc, Buffer.from('x'));
      return { Certs: Array.from({ length: MAX_DSS_ENTRIES + 500 }, () => one), CRLs: [1, 2, stream(doc, Buffer.from('crl'))], OCSPs: 7 };
    });
    const dss = readDss(file);
    expect(dss.certificates).toHaveLength(MAX_DSS_ENTRIES);
    expect(dss.crls.map(String)).toEqual(['crl']);
    expect(dss.ocsps).toEqual([]);
    expect(dss.checks.map((c) => [c.code, c.params?.entry])).toEqual([
      ['dss_too_many_entries', 'Certs'],
      ['dss_stream_unreadable', 'CRLs'],
      ['dss_entry_not_array', 'OCSPs'],
    ]);
  });
});
