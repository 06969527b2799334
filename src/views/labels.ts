import type { CheckId, CheckStatus, MatchedBy, SignatureReport, Verdict } from '../core/verify/report.js';
import type { DocumentStatus } from '../storage/models/document.js';

/** A label in both languages the pages and the PDF report show side by side. */
export type Bilingual = { readonly zh: string; readonly en: string };

/**
 * A department's names by its code, for the report's registry line; a department no longer
 * configured answers undefined and is shown by its code.
 */
export type DepartmentNamesOf = (code: string) => Bilingual | undefined;

export const departmentLabel = (namesOf: DepartmentNamesOf, code: string): Bilingual => namesOf(code) ?? { zh: code, en: code };

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
  reportMadeAt: { zh: '报告生成时间', en: 'Report made at' },
  notRegisteredButOriginal: {
    zh: '本服务未签发此文件本身，但签发过由它签署而成的文档（见下）。',
    en: 'This service did not issue this file itself, but issued a document signed from it (see below).',
  },
  originalOf: { zh: '由此文件签署而成的登记文档', en: 'Registered documents signed from this file' },
  signedCopyAt: { zh: '核验已签署文件', en: 'Where the signed copy is checked' },
} as const satisfies Record<string, Bilingual>;

/**
 * How a registry match was made, beside the document it names. A signature match is told apart from
 * the file: what the signature signed is ours, but the file is not byte for byte the one we handed
 * out (its unsigned /Contents gap is spelled differently). The signature is named by its number in the
 * report's list of signatures, not by text taken from the file.
 */
export function matchLabel(m: MatchedBy, signatures: readonly Pick<SignatureReport, 'objectNumber'>[]): Bilingual {
  if (m.matched === 'file') return { zh: '整个文件即本服务签发的文件', en: 'the whole file is the one we issued' };
  if (typeof m.matched === 'number') return { zh: `修订版本 ${m.matched} 即本服务签发的文件`, en: `revision ${m.matched} is the file we issued` };
  const objectNumber = m.objectNumber;
  const index = signatures.findIndex((s) => s.objectNumber === objectNumber);
  const which = index >= 0 ? String(index + 1) : `(object ${objectNumber})`;
  return {
    zh: `签名 ${which} 是本服务为该文档所作的签名，但文件的字节与签发的文件不完全相同`,
    en: `signature ${which} is the one we made for this document, but the file is not byte for byte the one we issued`,
  };
}

/**
 * What the public page proves and what it does not: the record says which document the department
 * issued, but a seal and its QR code can be copied onto other content, so the reader compares.
 */
export const PROOF_LABELS = {
  heading: { zh: '本页证明什么', en: 'What this page proves' },
  proves: (f: { id: string; issuer: Bilingual; signedAt: string; status: Bilingual }): Bilingual => ({
    zh: `编号为 ${f.id} 的文档由${f.issuer.zh}于 ${f.signedAt} 签发，并在本服务登记；其当前状态为：${f.status.zh}。`,
    en: `Document ${f.id} was issued by ${f.issuer.en} on ${f.signedAt} and registered with this service; its status is: ${f.status.en}.`,
  }),
  notProven: {
    zh: '本页不能证明您手中的纸质文件或电子文件就是该文档：印章和二维码可以被复制到另一份文件上。',
    en: 'It does not prove that the paper or file in your hands is that document: a seal and its QR code can be copied onto another document.',
  },
  compareWithPreview: {
    zh: '请将您手中的文件与下方登记文档盖章页的渲染图逐字比对，或将电子文件拖放到下方核对其哈希值。',
    en: 'Compare your copy word for word with the rendering of the registered document’s seal page below, or drop the file below to check its hash.',
  },
  compareWithoutPreview: {
    zh: '请将电子文件拖放到下方核对其哈希值；纸质文件请向签发单位核实其内容。',
    en: 'Drop the file below to check its hash; for a paper copy, ask the issuing department to confirm its content.',
  },
  previewHeading: { zh: '登记文档的盖章页', en: 'The registered document’s seal page' },
  previewNote: {
    zh: '此图由签发单位登记的文件生成，而不是由您手中的副本生成。文字、数字、姓名或版式有任何不同，都说明您手中的文件不是该文档。',
    en: 'This image is made from the file the issuing department registered, not from your copy. Any difference in wording, figures, names or layout means the copy in your hands is not this document.',
  },
  previewAlt: (page: number): Bilingual => ({
    zh: `登记文档第 ${page} 页（盖章所在页）的渲染图`,
    en: `Rendering of page ${page} of the registered document, the page the seal is on`,
  }),
} as const;
