import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { PdfDict, PdfName, PdfRef, PdfString } from '../../../../src/core/pdf/objects.js';
import { analyseModifications } from '../../../../src/core/verify/diff/analyse.js';
import { appendRevision, nextObjectNumber, streamBody } from '../../../helpers/append-revision.js';
import { makeAcroFormPdf } from '../../../helpers/pdf-fixtures.js';
import { allowed, analyse, certifyWithPyhanko, fieldNum, forbidden, open, rewrite, rootNum, signWithDocseal, signatureObjectIn } from './diff-fixtures.js';
import { runOrThrow, withTempDir } from '../../../helpers/tool-run.js';
import { TIMESTAMP, addLink, addSigField, fillTextField } from './revision-edits.js';

const ADD_FIELD_SCRIPT = fileURLToPath(new URL('../../../helpers/pyhanko-add-field.py', import.meta.url));

describe('analyseModifications on a DocMDP P=2 certified form (pyHanko)', () => {
  let certified: Buffer;
  beforeAll(async () => {
    certified = await certifyWithPyhanko(await makeAcroFormPdf(), 2);
  });

  it('reads the certification level of the signed revision', () => {
    const file = open(certified);
    const a = analyseModifications({ file, signedSection: 0, signatureObject: signatureObjectIn(file, 0) });
    expect(a).toEqual({ findings: [], certification: { permission: 2 } });
  });

  it('allows form fill', () => {
    const a = analyse(appendRevision(certified, fillTextField(certified)));
    expect(forbidden(a)).toEqual([]);
    expect(allowed(a)).toEqual(['form_fill']);
  });

  it('forbids filling a field locked by a signed field', () => {
    const file = open(certified);
    const sigField = fieldNum(certified, (d) => d.get('FT') === PdfName.of('Sig'));
    const locked = appendRevision(certified, [rewrite(certified, sigField, (d) => d.set('Lock', new PdfDict().set('Action', PdfName.of('All'))))]);
    const forged = appendRevision(locked, fillTextField(locked));
    const a = analyseModifications({ file: open(forged), signedSection: 1, signatureObject: signatureObjectIn(file, 0) });
    // The new appearance stream is then explained by nothing either.
    expect(forbidden(a)).toEqual(['locked_field_changed', 'unexplained_object']);
  });

  it('allows our approval signature after it', async () => {
    const a = analyse(await signWithDocseal(certified));
    expect(forbidden(a)).toEqual([]);
    expect(a.certification).toEqual({ permission: 2 });
  });

  it('forbids an annotation (evil annotation attack)', () => {
    expect(forbidden(analyse(appendRevision(certified, addLink(certified))))).toEqual(['annotation_added']);
  });

  it('forbids an unsigned signature field that draws (sneaky signature attack), allows an invisible one', () => {
    expect(forbidden(analyse(appendRevision(certified, addSigField(certified, true))))).toContain('unsigned_signature_field_after_certification');
    const invisible = analyse(appendRevision(certified, addSigField(certified, false)));
    expect(forbidden(invisible)).toEqual([]);
  });

  it('forbids a second certification', () => {
    const n = nextObjectNumber(certified);
    const forged = appendRevision(certified, [
      { num: n, body: `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 0 0 0] /Contents <00> /Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P 3 /V /1.2 >> >>] >>` },
      rewrite(certified, rootNum(certified), (d) => d.set('Perms', new PdfDict().set('DocMDP', new PdfRef(n, 0)))),
    ]);
    expect(forbidden(analyse(forged))).toContain('certification_changed');
  });
});

describe('analyseModifications on P=3 and P=1 certifications (pyHanko)', () => {
  it('P=3 allows an annotation with a warning', async () => {
    const certified = await certifyWithPyhanko(await makeAcroFormPdf(), 3);
    const a = analyse(appendRevision(certified, addLink(certified)));
    expect(forbidden(a)).toEqual([]);
    expect(allowed(a)).toEqual(['annotation_added', 'annotation_after_certification']);
  });

  it('P=1 allows a DSS but not a new signature field', async () => {
    const certified = await certifyWithPyhanko(await makeAcroFormPdf(), 1);
    const n = nextObjectNumber(certified);
    const dss = appendRevision(certified, [
      { num: n, body: streamBody('', Buffer.from([0x30, 0x00])) },
      rewrite(certified, rootNum(certified), (d) => d.set('DSS', new PdfDict().set('Certs', [new PdfRef(n, 0)]))),
    ]);
    const a = analyse(dss);
    expect(a.certification).toEqual({ permission: 1 });
    expect(forbidden(a)).toEqual([]);
    expect(allowed(a)).toEqual(['dss_added']);
    expect(forbidden(analyse(appendRevision(certified, addSigField(certified, false))))).toEqual(['certification_forbids_changes']);
    const timestamp = analyse(appendRevision(certified, addSigField(certified, false, TIMESTAMP)));
    expect(forbidden(timestamp)).toEqual([]);
    expect(allowed(timestamp)).toContain('document_timestamp_added');
  });
});

describe('analyseModifications of a countersignature in a field prepared before a P=2 certification', () => {
  let certified: Buffer;
  let field: number;
  beforeAll(async () => {
    const original = await makeAcroFormPdf();
    const prepared = await withTempDir((dir) => {
      writeFileSync(join(dir, 'in.pdf'), original);
      runOrThrow('python3', [ADD_FIELD_SCRIPT, join(dir, 'in.pdf'), join(dir, 'out.pdf'), 'Countersign', '300', '40', '550', '140']);
      return readFileSync(join(dir, 'out.pdf'));
    });
    certified = await certifyWithPyhanko(prepared, 2);
    field = fieldNum(certified, (d) => d.get('T') instanceof PdfString && Buffer.from((d.get('T') as PdfString).bytes).toString('latin1') === 'Countersign');
  });
  it('allows our signature into the prepared field', async () => {
    const a = analyse(await signWithDocseal(certified));
    expect(forbidden(a)).toEqual([]);
    expect(allowed(a)).toContain('signature_field_signed');
  });

  it('still forbids moving the prepared field while signing it', () => {
    const n = nextObjectNumber(certified);
    const forged = appendRevision(certified, [
      { num: n, body: '<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 0 0 0] /Contents <00> >>' },
      rewrite(certified, field, (d) => d.set('V', new PdfRef(n, 0)).set('Rect', [40, 600, 290, 700])),
    ]);
    expect(forbidden(analyse(forged))).toEqual(['form_field_changed']);
  });
});
