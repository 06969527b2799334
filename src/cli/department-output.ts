import type { DepartmentSummary } from '../keys/department-summary.js';
import { shortDate, textTable } from './text-table.js';

export function departmentTable(departments: readonly DepartmentSummary[]): string {
  const header = ['CODE', 'KEY', 'EXPIRES', 'KIND', 'NAME', 'CERTIFICATE SUBJECT'];
  const rows = departments.map((d) => [
    d.code,
    d.keyInstalled ? 'yes' : 'no',
    shortDate(d.certificate?.validTo),
    d.kind,
    `${d.nameEn} / ${d.nameZh}`,
    d.certificate?.subject ?? '-',
  ]);
  return textTable([header, ...rows]);
}

export function departmentDetails(d: DepartmentSummary): string {
  const lines: [string, string][] = [
    ['code', d.code],
    ['name (zh)', d.nameZh],
    ['name (en)', d.nameEn],
    ['kind', d.kind],
    ['folder', d.folder],
    ['key installed', d.keyInstalled ? 'yes' : 'no'],
    ['stamp position', d.stampPosition ?? 'bottom-right (default)'],
    ['public download', d.publicDownload ? 'yes' : 'no'],
    ['public preview', d.publicPreview ? 'yes' : 'no'],
  ];
  if (d.certificate) {
    lines.push(
      ['certificate subject', d.certificate.subject],
      ['certificate issuer', d.certificate.issuer],
      ['certificate serial', d.certificate.serialNumber],
      ['valid from', d.certificate.validFrom.toISOString()],
      ['valid to', d.certificate.validTo.toISOString()],
      ['SHA-256 fingerprint', d.certificate.fingerprint256],
    );
  } else {
    lines.push(['certificate', 'none (docseal department import-key or issue-cert)']);
  }
  return lines.map(([label, value]) => `${`${label}:`.padEnd(21)}${value}`).join('\n');
}
