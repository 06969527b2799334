import { readFile } from 'node:fs/promises';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { PDFDocument } from 'pdf-lib';
import { LOCATION, REASON, SIGNING_TIME, type BenchTool, type TimedRun } from './tool.js';

/**
 * @signpdf as its README shows it: pdf-lib loads the file, adds the placeholder and saves the whole
 * document again (no incremental update), then @signpdf finds the ByteRange and signs with node-forge.
 */
export const signpdfTool: BenchTool = {
  async prepare(file, keys) {
    const p12 = await readFile(keys.forgeP12File);
    const signpdf = new SignPdf();
    return (): TimedRun => {
      // A P12Signer reads its bytes through a consuming forge buffer, so it signs only once.
      const signer = new P12Signer(p12, { passphrase: keys.p12Password });
      return async () => {
        const doc = await PDFDocument.load(file);
        pdflibAddPlaceholder({
          pdfDoc: doc,
          reason: REASON,
          contactInfo: '',
          name: 'Demo City Civil Affairs Bureau',
          location: LOCATION,
          signingTime: SIGNING_TIME,
          subFilter: 'ETSI.CAdES.detached',
        });
        // The placeholder must stay in plain text: @signpdf searches the file for /ByteRange.
        const withPlaceholder = await doc.save({ useObjectStreams: false });
        return [await signpdf.sign(Buffer.from(withPlaceholder), signer, SIGNING_TIME)];
      };
    };
  },
};
