import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { runOrThrow, withTempDir } from './tool-run.js';

/**
 * Encrypted inputs, made at test time by qpdf (an independent writer) from a pdf-lib document, so no
 * binary fixture is committed (SOURCES.md). Each opens with the empty user password unless `user` is
 * given; the owner password restricts permissions, as government output usually does.
 */
export type Encryption = 'rc4-40' | 'rc4-128' | 'aes-128' | 'aes-256' | 'aes-256-r5';

const QPDF_ARGS: Record<Encryption, string[]> = {
  // qpdf 11 writes RC4 only when told that weak cryptography is meant.
  'rc4-40': ['--allow-weak-crypto', '--encrypt', '', 'owner', '40', '--print=n', '--modify=n', '--'],
  'rc4-128': ['--allow-weak-crypto', '--encrypt', '', 'owner', '128', '--use-aes=n', '--print=low', '--modify=none', '--'],
  'aes-128': ['--encrypt', '', 'owner', '128', '--use-aes=y', '--print=low', '--modify=none', '--'],
  'aes-256': ['--encrypt', '', 'owner', '256', '--print=low', '--modify=none', '--'],
  'aes-256-r5': ['--encrypt', '', 'owner', '256', '--force-R5', '--'],
};

export type EncryptOptions = {
  /** A user password: the file then needs it to open. */
  readonly user?: string;
  /** Leave the XMP metadata stream in clear (/EncryptMetadata false; AES only). */
  readonly clearMetadata?: boolean;
  /** Put the objects into object streams (a cross-reference stream then lists them). */
  readonly objectStreams?: boolean;
};

export const TITLE = 'Encrypted test document';
export const XMP =
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
  '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:format>application/pdf</dc:format>' +
  '</rdf:Description></rdf:RDF></x:xmpmeta>';

/** Two text pages with an /Info title and an XMP metadata stream: strings and streams to decrypt. */
export async function makePlainInput(): Promise<Buffer> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const label of ['First page', 'Second page']) doc.addPage([595.28, 841.89]).drawText(label, { x: 60, y: 760, size: 18, font });
  doc.setTitle(TITLE);
  const meta = doc.context.stream(XMP, { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(meta));
  doc.catalog.set(PDFName.of('Lang'), PDFString.of('en'));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

export function qpdfEncrypt(plain: Buffer, enc: Encryption, opts: EncryptOptions = {}): Promise<Buffer> {
  const args = [...QPDF_ARGS[enc]];
  if (opts.user !== undefined) args[args.indexOf('')] = opts.user;
  if (opts.clearMetadata) args.splice(args.length - 1, 0, '--cleartext-metadata');
  if (opts.objectStreams) args.push('--object-streams=generate');
  return withTempDir((dir) => {
    writeFileSync(join(dir, 'in.pdf'), plain);
    runOrThrow('qpdf', [...args, join(dir, 'in.pdf'), join(dir, 'out.pdf')]);
    return readFileSync(join(dir, 'out.pdf'));
  });
}
