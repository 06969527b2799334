import { PdfDict, PdfStream, type PdfObject } from '../pdf/objects.js';
import type { PdfFile } from '../pdf/pdf-file.js';
import type { Check } from './report.js';

/**
 * Entries read from each DSS array. A PAdES file carries a handful of certificates and revocation
 * values per signature; a hostile DSS with many thousands must not cost more than this.
 */
export const MAX_DSS_ENTRIES = 1_000;
/** Bytes one certificate, CRL or OCSP response stream may decode to. */
export const MAX_DSS_VALUE_BYTES = 4 * 1024 * 1024;

/** The validation data the document security store holds, as DER values. */
export type DssData = {
  readonly certificates: readonly Buffer[];
  readonly crls: readonly Buffer[];
  readonly ocsps: readonly Buffer[];
  /** What could not be read (too many entries, a broken stream); each value left out is ignored. */
  readonly checks: readonly Check[];
};

export const EMPTY_DSS: DssData = Object.freeze({ certificates: [], crls: [], ocsps: [], checks: [] });

type Kind = 'Certs' | 'CRLs' | 'OCSPs';

function readArray(file: PdfFile, dss: PdfDict, key: Kind, checks: Check[]): Buffer[] {
  const value = file.get(dss, key);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    checks.push({ id: 'structure', status: 'warning', code: 'dss_entry_not_array', params: { entry: key } });
    return [];
  }
  if (value.length > MAX_DSS_ENTRIES) {
    checks.push({ id: 'structure', status: 'warning', code: 'dss_too_many_entries', params: { entry: key, count: value.length, limit: MAX_DSS_ENTRIES } });
  }
  const out: Buffer[] = [];
  let broken = 0;
  for (const item of value.slice(0, MAX_DSS_ENTRIES)) {
    const der = streamBytes(file, item);
    if (der) out.push(der);
    else broken++;
  }
  if (broken > 0) checks.push({ id: 'structure', status: 'warning', code: 'dss_stream_unreadable', params: { entry: key, count: broken } });
  return out;
}

/** A stream's decoded bytes through the file's filters and decode budget, or undefined when unreadable. */
function streamBytes(file: PdfFile, item: PdfObject): Buffer | undefined {
  try {
    const stream = file.resolve(item);
    return stream instanceof PdfStream ? file.decode(stream, MAX_DSS_VALUE_BYTES) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The catalog's /DSS (ISO 32000-2 §12.8.4.3, ETSI EN 319 142-1 §5.4.2): /Certs, /CRLs and /OCSPs are
 * arrays of streams holding one DER value each. /VRI only indexes the same values per signature, so
 * the verifier takes the whole pool and lets each check pick what its signature needs. A part that
 * cannot be read is left out with a warning (dss_*); the job's decode budget still bounds the whole.
 */
export function readDss(file: PdfFile): DssData {
  let dss: PdfDict | undefined;
  try {
    dss = file.getDict(file.catalog(), 'DSS');
  } catch {
    return { ...EMPTY_DSS, checks: [{ id: 'structure', status: 'warning', code: 'dss_unreadable' }] };
  }
  if (!dss) return EMPTY_DSS;
  const checks: Check[] = [];
  const certificates = readArray(file, dss, 'Certs', checks);
  const crls = readArray(file, dss, 'CRLs', checks);
  const ocsps = readArray(file, dss, 'OCSPs', checks);
  return { certificates, crls, ocsps, checks };
}
