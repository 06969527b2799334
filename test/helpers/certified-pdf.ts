/**
 * A certified one-page PDF written by hand (ISO 32000-1 §12.8.2.2): the catalog's /Perms /DocMDP
 * names signature dictionary 5 with the given /TransformParams; `field` is object 6 when given, a
 * signature field merged with its widget on page 3. The signer reads the certification, it does not
 * check it, so the dictionary's /Contents is a placeholder.
 */
export type Certified = { params?: string; form?: string; field?: string; certified?: boolean; annots?: string; pageExtra?: string; more?: readonly string[] };

export function certified(opts: Certified = {}): Buffer {
  const field = opts.field;
  const form = opts.form ?? (field ? '<< /Fields [6 0 R] /SigFlags 3 >>' : '<< /Fields [] /SigFlags 3 >>');
  const perms = opts.certified === false ? '' : '/Perms << /DocMDP 5 0 R >>';
  const objs = [
    `<< /Type /Catalog /Pages 2 0 R /AcroForm ${form} ${perms} >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R ${opts.annots ?? (field ? '/Annots [6 0 R]' : '')} ${opts.pageExtra ?? ''} >>`,
    '<< /Length 23 >>\nstream\nBT /F1 12 Tf (hi) Tj ET\nendstream',
    `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 0 0 0] /Contents <00> /Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams ${opts.params ?? '/P 2'} /V /1.2 >> >>] >>`,
    ...(field ? [field] : []),
    ...(opts.more ?? []),
  ];
  let out = '%PDF-1.7\n';
  const offsets: number[] = [];
  objs.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f\r\n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n\r\n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

