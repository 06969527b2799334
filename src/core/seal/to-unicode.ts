/**
 * A ToUnicode CMap (ISO 32000-1 §9.10.3) for 2-byte codes: each code maps to the UTF-16BE text it
 * stands for, so text extraction and search recover what was drawn from glyph ids.
 */
export function toUnicodeCMap(texts: readonly (string | undefined)[]): string {
  const entries: string[] = [];
  texts.forEach((text, code) => {
    if (text) entries.push(`<${hex4(code)}> <${utf16Hex(text)}>`);
  });
  const blocks: string[] = [];
  // A bfchar block holds at most 100 entries (Adobe Technical Note #5411).
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    blocks.push(`${chunk.length} beginbfchar\n${chunk.join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0').toUpperCase();
}

function utf16Hex(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += hex4(text.charCodeAt(i));
  return out;
}
