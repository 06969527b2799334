import { PdfString, type PdfObject } from '../../../src/core/pdf/objects.js';
import { overrideContent } from '../lib/content-change.js';
import type { AttackContext, Generator } from '../lib/context.js';
import { layoutOf } from '../lib/inspect.js';
import { appendRevision } from '../../helpers/append-revision.js';
import { appendRaw, ref } from '../lib/raw.js';

/**
 * Revisions appended to a signed encrypted document (ISO 32000-1 §7.6). Encryption hides nothing from
 * a forger when the file opens without a password: the key is derived from the file itself. So the
 * incremental-saving attack is repeated with the forged content encrypted under the document's key,
 * and the encryption itself is changed, which alters how every signed string and stream reads.
 */
async function encryptedOverride(ctx: AttackContext): Promise<Buffer> {
  const signed = await ctx.base('encrypted');
  const l = layoutOf(signed);
  const forged = overrideContent(l);
  const value = l.file.crypt!.encrypt(forged.body as PdfObject, ref(forged.num), Buffer.from('forger'));
  return appendRaw(signed, [{ num: forged.num, body: value }]).bytes;
}

/**
 * A trailer whose /ID has another first element (the trailer's keys replaced, not given twice):
 * revisions 2-4 derive the key from it; under AES-256 it still changes the identity of the encryption.
 */
async function idReplaced(ctx: AttackContext): Promise<Buffer> {
  const signed = await ctx.base('encrypted');
  const l = layoutOf(signed);
  const id = l.file.trailer.get('ID') as PdfString[];
  const other = Buffer.from(id[0]!.bytes).map((b) => b ^ 0xff);
  return appendRevision(signed, [], { trailerExtra: `/ID [<${Buffer.from(other).toString('hex')}> <${Buffer.from(id[1]!.bytes).toString('hex')}>]` });
}

export const encryptedGenerators: Record<string, Generator> = {
  'encrypted-content-override': encryptedOverride,
  // /Encrypt null is no /Encrypt (§7.3.7): readers then take the ciphertext for the content.
  'encrypted-encryption-dropped': async (ctx) => appendRevision(await ctx.base('encrypted'), [], { trailerExtra: '/Encrypt null' }),
  'encrypted-first-id-replaced': idReplaced,
};
