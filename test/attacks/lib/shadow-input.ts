import { PDFDocument, PDFName, StandardFonts, popGraphicsState, pushGraphicsState, drawObject } from 'pdf-lib';
import { PdfDict, PdfStream, type PdfObject } from '../../../src/core/pdf/objects.js';
import type { PdfFile } from '../../../src/core/pdf/pdf-file.js';

/**
 * The input of the shadow attacks (NDSS 2021), prepared the way an attacker would before handing the
 * document to the signer: page text covered by an overlay XObject, a form field sitting over page text,
 * and an unreferenced content stream and page planted for later use. Each planted object carries a
 * /TestRole name so the generators can find it again in the signed file.
 */
export async function makeShadowInput(): Promise<Buffer> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595.28, 841.89]);
  page.drawText('Amount due: 1,000,000 EUR', { x: 60, y: 700, size: 18, font });
  page.drawText('Approved: no', { x: 60, y: 600, size: 14, font });
  const fontName = page.node.newFontDictionary('F1', font.ref);
  const overlay = doc.context.register(doc.context.stream(
    `1 1 1 rg 50 690 300 30 re f 0 0 0 rg BT /${fontName.asString().slice(1)} 18 Tf 60 700 Td (Amount due: 100 EUR) Tj ET`,
    { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 595.28, 841.89], Resources: { Font: { [fontName.asString().slice(1)]: font.ref } }, TestRole: 'Overlay' },
  ));
  const xo = page.node.newXObject('Overlay', overlay);
  page.pushOperators(pushGraphicsState(), drawObject(xo), popGraphicsState());
  const field = doc.getForm().createTextField('shadow.note');
  field.setText('');
  field.addToPage(page, { x: 55, y: 592, width: 200, height: 24, borderWidth: 0 });
  const planted = doc.context.register(doc.context.stream('BT /F1 18 Tf 60 700 Td (Amount due: 9,999,999 EUR) Tj ET', { TestRole: 'PlantedContent' }));
  doc.context.register(doc.context.obj({
    Type: 'Page', Parent: doc.catalog.get(PDFName.of('Pages'))!, MediaBox: [0, 0, 595.28, 841.89],
    Contents: planted, Resources: page.node.get(PDFName.of('Resources'))!, TestRole: 'PlantedPage',
  }));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** The number of the object whose dictionary has /TestRole `role`. */
export function findRole(file: PdfFile, role: string): { num: number; value: PdfObject } {
  for (let num = 1; num < file.size; num++) {
    let v: PdfObject | undefined;
    try {
      v = file.getObject(num);
    } catch {
      continue;
    }
    const d = v instanceof PdfStream ? v.dict : v;
    const r = d instanceof PdfDict ? d.get('TestRole') : undefined;
    if (r !== undefined && (r as { name?: string }).name === role) return { num, value: v! };
  }
  throw new Error(`no object with /TestRole /${role}`);
}
