import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeOtherPki } from '../../../helpers/other-pki.js';
import { makeAcroFormPdf, makeXrefStreamPdf } from '../../../helpers/pdf-fixtures.js';
import { runOrThrow, withTempDir } from '../../../helpers/tool-run.js';
import { analyse, certifyWithPyhanko, forbidden, signWithDocseal } from './diff-fixtures.js';

const SIGN_SCRIPT = fileURLToPath(new URL('../../../helpers/pyhanko-sign.py', import.meta.url));

function pyhankoSign(pdf: Buffer, field: string): Promise<Buffer> {
  return withTempDir((dir) => {
    const pki = makeOtherPki(dir);
    writeFileSync(join(dir, 'in.pdf'), pdf);
    runOrThrow('python3', [SIGN_SCRIPT, join(dir, 'in.pdf'), join(dir, 'out.pdf'), pki.signerKeyPath, pki.signerCertPath, pki.rootCertPath, field]);
    return readFileSync(join(dir, 'out.pdf'));
  });
}

/** An independent signer's later signature must be explained by the rules as well as ours is. */
describe('analyseModifications with pyHanko revisions', () => {
  it('allows a pyHanko signature after ours', async () => {
    const ours = await signWithDocseal(await makeXrefStreamPdf());
    expect(forbidden(analyse(await pyhankoSign(ours, 'Second')))).toEqual([]);
  });

  it('allows a pyHanko approval signature after a pyHanko P=2 certification', async () => {
    const certified = await certifyWithPyhanko(await makeAcroFormPdf(), 2);
    const a = analyse(await pyhankoSign(certified, 'Approval'));
    expect(forbidden(a)).toEqual([]);
    expect(a.certification).toEqual({ permission: 2 });
  });
});
