import { createHash } from 'node:crypto';
import { objectIdentifier, sequence, tlv } from '../../../src/core/cms/der.js';
import type { AttackContext, Generator } from '../lib/context.js';
import { forgedCms, replaceContents, signedRangeBytes, type CmsForgery } from '../lib/cms-forge.js';
import { appendForgedSignature } from '../lib/forge-signature.js';

/**
 * CMS forgeries inside /Contents: the signed file's signature replaced by a SignedData broken in one
 * way, signed with the real key wherever a valid-looking signature is needed (RFC 5652, RFC 5035).
 */
async function forge(ctx: AttackContext, f: CmsForgery, trailing?: Buffer): Promise<Buffer> {
  const signed = await ctx.base('test-ca');
  const cms = forgedCms(ctx.pki.rsa, signedRangeBytes(signed), f);
  return replaceContents(signed, trailing ? Buffer.concat([cms, trailing]) : cms);
}

/** A /Contents too big for the base's gap: a new signature field with the DER as its hex string. */
async function hostileDer(ctx: AttackContext, der: Buffer): Promise<Buffer> {
  return appendForgedSignature(await ctx.base('unsigned'), { identity: ctx.kit.departments.get('demo')!.identity, contents: `<${der.toString('hex')}>` });
}

/** 10,000 nested SEQUENCEs: a recursive DER reader overflows its stack. */
function nested(depth: number): Buffer {
  let inner: Buffer = Buffer.alloc(0);
  for (let i = 0; i < depth; i++) inner = sequence(inner);
  return sequence(objectIdentifier('1.2.840.113549.1.7.2'), tlv(0xa0, inner));
}

/** A SEQUENCE claiming 2 GiB of content: a reader that allocates by the length field runs out of memory. */
const OVERSIZED = Buffer.from('3084800000000201010500', 'hex');

export const cmsGenerators: Record<string, Generator> = {
  'cms-message-digest-mismatch': (ctx) => forge(ctx, { messageDigest: createHash('sha256').update('another document').digest() }),
  'cms-content-type-missing': (ctx) => forge(ctx, { omitContentType: true }),
  'cms-duplicate-attribute': (ctx) => forge(ctx, { duplicateAttribute: true }),
  'cms-signature-over-implicit-tag': (ctx) => forge(ctx, { signImplicit: true }),
  'cms-sid-names-another-certificate': (ctx) => forge(ctx, { sidCertificate: ctx.pki.otherCertificate, extraCertificates: [ctx.pki.otherCertificate] }),
  'cms-ess-hash-mismatch': (ctx) => forge(ctx, { essHash: createHash('sha256').update(ctx.pki.otherCertificate).digest() }),
  'cms-signature-algorithm-mismatch': (ctx) => forge(ctx, { signatureAlgorithm: '1.2.840.113549.1.1.13' }),
  'cms-rsa-block-digest-mismatch': (ctx) => forge(ctx, { rsaBlockHash: 'sha512' }),
  'cms-sha1': (ctx) => forge(ctx, { hash: 'sha1' }),
  'cms-md5': (ctx) => forge(ctx, { hash: 'md5' }),
  'cms-trailing-non-zero-bytes': (ctx) => forge(ctx, {}, Buffer.from('forged-trailer', 'latin1')),
  'cms-nested-10000-deep': (ctx) => hostileDer(ctx, nested(10_000)),
  'cms-oversized-length': (ctx) => hostileDer(ctx, OVERSIZED),
};
