import type { CheckId, CheckStatus, Verdict } from '../core/verify/report.js';
import type { DocumentStatus } from '../storage/models/document.js';

/** A label in both languages the pages and the PDF report show side by side. */
export type Bilingual = { readonly zh: string; readonly en: string };

export const VERDICT_LABELS: Readonly<Record<Verdict, Bilingual>> = {
  valid: { zh: '有效', en: 'Valid' },
  'valid-untrusted': { zh: '签名完好，但签名者不在信任列表中', en: 'Intact, but the signer is not trusted' },
  modified: { zh: '签名后被修改', en: 'Modified after signing' },
  invalid: { zh: '无效', en: 'Invalid' },
  revoked: { zh: '已撤销', en: 'Revoked' },
  unsigned: { zh: '未签名', en: 'Not signed' },
};

export const STATUS_LABELS: Readonly<Record<DocumentStatus, Bilingual>> = {
  active: { zh: '有效', en: 'Active' },
  revoked: { zh: '已撤销', en: 'Revoked' },
};

export const CHECK_STATUS_LABELS: Readonly<Record<CheckStatus, Bilingual>> = {
  passed: { zh: '通过', en: 'passed' },
  failed: { zh: '失败', en: 'failed' },
  warning: { zh: '警告', en: 'warning' },
  info: { zh: '信息', en: 'info' },
};

/** What each check examines, as the report shows it beside the check's outcome. */
export const CHECK_LABELS: Readonly<Record<CheckId, Bilingual>> = {
  structure: { zh: '签名结构', en: 'Signature structure' },
  'integrity.digest': { zh: '签署字节的完整性', en: 'Integrity of the signed bytes' },
  'integrity.signature': { zh: '密码学签名', en: 'Cryptographic signature' },
  'integrity.signing-certificate': { zh: '签名证书绑定', en: 'Signing-certificate binding' },
  coverage: { zh: '覆盖范围', en: 'Coverage' },
  modifications: { zh: '签署后的改动', en: 'Changes after signing' },
  'trust.chain': { zh: '证书链', en: 'Certificate chain' },
  'trust.validity': { zh: '证书有效期', en: 'Certificate validity' },
  'trust.key-usage': { zh: '密钥用途', en: 'Key usage' },
  'trust.revocation': { zh: '吊销状态', en: 'Revocation' },
  timestamp: { zh: '时间戳', en: 'Time-stamp' },
  'claimed-time': { zh: '声称的签署时间', en: 'Claimed signing time' },
  registry: { zh: '登记记录', en: 'Registry' },
};

/** Field labels shared by the HTML pages and the PDF report. */
export const FIELD_LABELS = {
  issuer: { zh: '签发单位', en: 'Issuer' },
  title: { zh: '标题', en: 'Title' },
  signedAt: { zh: '签署时间', en: 'Signed at' },
  status: { zh: '状态', en: 'Status' },
  revocationReason: { zh: '撤销原因', en: 'Reason for revocation' },
  sha256Signed: { zh: '已签署文件 SHA-256', en: 'SHA-256 of the signed file' },
  sha256Original: { zh: '原始文件 SHA-256', en: 'SHA-256 of the original' },
  documentId: { zh: '文档编号', en: 'Document ID' },
  download: { zh: '下载已签署文件', en: 'Download the signed file' },
  verdict: { zh: '结论', en: 'Verdict' },
  fileSha256: { zh: '文件 SHA-256', en: 'SHA-256 of the file' },
  size: { zh: '大小（字节）', en: 'Size (bytes)' },
  revisions: { zh: '修订版本数', en: 'Revisions' },
  signatures: { zh: '签名', en: 'Signatures' },
  fieldName: { zh: '签名域', en: 'Signature field' },
  signer: { zh: '签名者', en: 'Signer' },
  nameInSignature: { zh: '签名中自称的名称（/Name，未经证实）', en: 'Name the signature gives (/Name, not proven)' },
  claimedTime: { zh: '声称的签名时间（未经时间戳证明）', en: 'Claimed signing time (not proven by a timestamp)' },
  checks: { zh: '检查项', en: 'Checks' },
  registry: { zh: '登记记录', en: 'Registry' },
  fileWarnings: { zh: '文件级问题', en: 'Findings about the file' },
  forbiddenChanges: { zh: '签名后不允许的更改', en: 'Changes not allowed after signing' },
  noSignatures: { zh: '文件中没有签名。', en: 'The file carries no signature.' },
  notRegistered: { zh: '本服务未签发此文件。', en: 'This service did not issue this file.' },
} as const satisfies Record<string, Bilingual>;
