import type { BaseName, Generator } from '../lib/context.js';

/**
 * Certificates our signer accepts but a verifier must judge: one from a CA outside the trust anchors,
 * one that expired before the signing time, and the name games of path building (a root named like a
 * trust anchor, a CA key rollover, a cross-certificate). Plus the untouched bases, each of which must
 * verify valid.
 */
export const certificateGenerators: Record<string, Generator> = {
  'cert-untrusted-ca': async (ctx) => ctx.sign(await ctx.base('unsigned'), ctx.pki.untrusted.identity),
  'cert-expired-signer': async (ctx) => ctx.sign(await ctx.base('unsigned'), ctx.pki.expired.identity),
  'cert-root-name-collision': async (ctx) => ctx.sign(await ctx.base('unsigned'), ctx.pki.paths.nameCollision.identity),
  'cert-ca-rollover-old-key': async (ctx) => ctx.sign(await ctx.base('unsigned'), ctx.pki.paths.rolloverOld.identity),
  'cert-ca-rollover-new-key': async (ctx) => ctx.sign(await ctx.base('unsigned'), ctx.pki.paths.rolloverNew.identity),
  'cert-cross-certified': async (ctx) => ctx.sign(await ctx.base('unsigned'), ctx.pki.paths.crossCertified.identity),
};

const CONTROLS: readonly BaseName[] = ['plain', 'form', 'shadow', 'other', 'test-ca', 'certified-p1', 'certified-p2', 'certified-p3', 'certified-p2-locked'];

export const controlGenerators: Record<string, Generator> = Object.fromEntries(
  CONTROLS.map((name): [string, Generator] => [`control-${name}`, (ctx) => ctx.base(name)]),
);
