import type { Verdict } from '../../src/core/verify/report.js';

/**
 * The verdict each forged file must get (the attack classes of docs/verifier-defences.md), and a stable code that must appear
 * somewhere in the report (a failed check, a modification finding or a file warning) so the verdict
 * is reached for the right reason. Generators live in generators/, keyed by the same id.
 */
export type AttackClass =
  | 'control'
  | 'USF'
  | 'ISA'
  | 'SWA'
  | 'gap'
  | 'signature-object'
  | 'form'
  | 'shadow-hide'
  | 'shadow-replace'
  | 'shadow-hide-and-replace'
  | 'EAA'
  | 'SSA'
  | 'certification'
  | 'CMS'
  | 'masking'
  | 'reader-disagreement'
  | 'duplicate-key'
  | 'partial-check'
  | 'UR3'
  | 'certificate'
  | 'registry';

export type ExpectedVerdict = {
  readonly id: string;
  readonly class: AttackClass;
  readonly description: string;
  readonly expected: { readonly verdict: Verdict; readonly signatureCode?: string };
  /** Hostile-structure rows: verified within the time budget. */
  readonly dos?: boolean;
  /**
   * The readers (pdftotext/pdftoppm for poppler, mutool for MuPDF) that show the forged text: proof
   * that the attack changes what a person sees, while the verdict says the file is not what was signed.
   */
  readonly shows?: readonly ('poppler' | 'mupdf')[];
};

type RowOptions = Pick<ExpectedVerdict, 'dos' | 'shows'>;

const row = (id: string, cls: AttackClass, verdict: Verdict, signatureCode: string | undefined, description: string, opts: RowOptions = {}): ExpectedVerdict => ({
  id,
  class: cls,
  description,
  expected: signatureCode === undefined ? { verdict } : { verdict, signatureCode },
  ...opts,
});

/** Which readers show the forged text: both, poppler only, MuPDF only (each repairs what the other reads as written). */
const SEEN_BY_BOTH: RowOptions = { shows: ['poppler', 'mupdf'] };
const SEEN_BY_POPPLER: RowOptions = { shows: ['poppler'] };
const SEEN_BY_MUPDF: RowOptions = { shows: ['mupdf'] };

const CONTROLS: ExpectedVerdict[] = [
  row('control-plain', 'control', 'valid', undefined, 'our signature on a pdf-lib document, untouched'),
  row('control-form', 'control', 'valid', undefined, 'our signature on an AcroForm document, untouched'),
  row('control-shadow', 'control', 'valid', undefined, 'our signature on the shadow-attack input (overlay, field over text, planted objects)'),
  row('control-other', 'control', 'valid', undefined, 'pyHanko signature with an independent PKI'),
  row('control-test-ca', 'control', 'valid', undefined, 'our signer with the attack suite PKI identity'),
  row('control-certified-p1', 'control', 'valid', undefined, 'pyHanko certification, DocMDP P=1'),
  row('control-certified-p2', 'control', 'valid', undefined, 'pyHanko certification, DocMDP P=2'),
  row('control-certified-p3', 'control', 'valid', undefined, 'pyHanko certification, DocMDP P=3'),
  row('control-certified-p2-locked', 'control', 'valid', undefined, 'pyHanko certification P=2 with a FieldMDP lock'),
];

const USF: ExpectedVerdict[] = [
  row('usf-contents-missing', 'USF', 'invalid', 'contents_missing', 'new signature without /Contents, page content replaced', SEEN_BY_BOTH),
  row('usf-contents-null', 'USF', 'invalid', 'contents_not_hex_string', '/Contents null', SEEN_BY_BOTH),
  row('usf-contents-empty', 'USF', 'invalid', 'cms_malformed', '/Contents <>', SEEN_BY_BOTH),
  row('usf-contents-zeros', 'USF', 'invalid', 'cms_malformed', '/Contents all zeros', SEEN_BY_BOTH),
  row('usf-contents-literal', 'USF', 'invalid', 'contents_not_hex_string', '/Contents a literal string', SEEN_BY_BOTH),
  row('usf-contents-odd-hex', 'USF', 'invalid', 'cms_malformed', '/Contents with an odd number of hex digits', SEEN_BY_BOTH),
  row('usf-contents-non-hex', 'USF', 'invalid', undefined, '/Contents with non-hex characters', SEEN_BY_BOTH),
  row('usf-byterange-missing', 'USF', 'invalid', 'byte_range_missing', 'no /ByteRange', SEEN_BY_BOTH),
  row('usf-byterange-empty', 'USF', 'invalid', 'byte_range_wrong_count', '/ByteRange []', SEEN_BY_BOTH),
  row('usf-byterange-wrong-count', 'USF', 'invalid', 'byte_range_wrong_count', '/ByteRange with three numbers', SEEN_BY_BOTH),
  row('usf-byterange-negative', 'USF', 'invalid', 'byte_range_negative', '/ByteRange with a negative length', SEEN_BY_BOTH),
  row('usf-byterange-reals', 'USF', 'invalid', 'byte_range_not_integers', '/ByteRange of reals', SEEN_BY_BOTH),
  row('usf-byterange-past-eof', 'USF', 'invalid', 'byte_range_outside_file', '/ByteRange reaching past the end of the file', SEEN_BY_BOTH),
  row('usf-byterange-not-from-zero', 'USF', 'invalid', 'byte_range_not_from_start', '/ByteRange starting at 1', SEEN_BY_BOTH),
  row('usf-only-signature-zeros', 'USF', 'invalid', 'cms_malformed', 'an unsigned document given a zero /Contents signature'),
];

const ISA: ExpectedVerdict[] = [
  row('isa-content-override', 'ISA', 'modified', 'object_changed', 'well-formed revision redefining the page content stream', SEEN_BY_BOTH),
  row('isa-content-repoint', 'ISA', 'modified', 'page_content_changed', 'well-formed revision pointing the page at new content', SEEN_BY_BOTH),
  row('isa-xref-stream-revision', 'ISA', 'modified', 'object_changed', 'the same change with a cross-reference stream', SEEN_BY_BOTH),
  row('isa-no-xref-no-trailer', 'ISA', 'modified', 'trailing_bytes', 'objects appended with no xref, trailer or %%EOF'),
  row('isa-xref-without-trailer', 'ISA', 'invalid', undefined, 'objects and an xref table without a trailer', SEEN_BY_BOTH),
  row('isa-startxref-into-signed-part', 'ISA', 'modified', 'trailing_bytes', 'a full revision whose startxref points at the signed xref'),
  row('isa-prev-skips-signed-revision', 'ISA', 'invalid', undefined, 'a revision whose /Prev skips the signed revision', SEEN_BY_BOTH),
  row('isa-hybrid-xrefstm-remap', 'ISA', 'modified', 'object_changed', 'empty xref table whose /XRefStm remaps a signed object', SEEN_BY_BOTH),
];

const SWA: ExpectedVerdict[] = [
  row('swa-moved-signed-tail', 'SWA', 'invalid', 'byte_range_gap_mismatch', 'signed tail moved to the end, signature dictionary copy with a new ByteRange', SEEN_BY_BOTH),
];

const GAP: ExpectedVerdict[] = [
  row('gap-junk-after-contents', 'gap', 'invalid', 'byte_range_gap_mismatch', 'the gap swallows junk after the hex string'),
  row('gap-larger-than-contents', 'gap', 'invalid', 'byte_range_gap_mismatch', 'the gap starts before /Contents'),
  row('gap-one-range-only', 'gap', 'invalid', 'byte_range_wrong_count', 'a single range'),
  row('gap-tail-not-covered', 'gap', 'invalid', 'byte_range_not_revision_end', 'the last 40 bytes are not signed'),
  row('gap-colliding-ranges', 'gap', 'invalid', 'byte_range_gap_mismatch', 'a second signature reusing the first one\'s ByteRange'),
];

const SIGNATURE_OBJECT: ExpectedVerdict[] = [
  row('sog-signature-dictionary-rewritten', 'signature-object', 'modified', 'signature_dictionary_changed', 'later revision rewrites the signature dictionary'),
  row('sog-widget-removed', 'signature-object', 'modified', 'annotation_removed', 'later revision removes the signature widget from /Annots'),
  row('sog-field-removed', 'signature-object', 'modified', 'form_structure_changed', 'later revision removes the signature field from /Fields'),
  row('sog-signature-dictionary-freed', 'signature-object', 'modified', 'object_freed', 'later revision frees the signature dictionary'),
  row('sog-new-field-reuses-signed-value', 'signature-object', 'modified', 'signature_reused', 'new field whose /V is the signed dictionary'),
];

const FORM: ExpectedVerdict[] = [
  row('form-field-type-changed', 'form', 'modified', 'form_structure_changed', '/FT /Tx changed to /Btn'),
  row('form-field-kids-added', 'form', 'modified', 'form_structure_changed', '/Kids added to a field'),
  row('form-field-renamed', 'form', 'modified', 'form_structure_changed', '/T changed'),
  row('form-page-tree-changed', 'form', 'modified', 'page_changed', 'a page added to the page tree'),
  row('form-filled-after-approval-signature', 'form', 'modified', 'form_field_changed', 'text field filled after an approval signature'),
  row('form-locked-field-filled', 'form', 'modified', 'locked_field_changed', 'a FieldMDP-locked field filled in a P=2 document'),
  row('form-fill-permitted-by-p2', 'form', 'valid', 'form_fill', 'an unlocked field filled in a P=2 document (allowed)'),
];

const SHADOW: ExpectedVerdict[] = [
  row('shadow-hide-overlay-emptied', 'shadow-hide', 'modified', 'object_changed', 'the overlay XObject emptied'),
  row('shadow-hide-resources-swapped', 'shadow-hide', 'modified', 'page_content_changed', 'the page resources name an empty overlay'),
  row('shadow-hide-widget-appearance-emptied', 'shadow-hide', 'modified', 'form_field_changed', 'a widget appearance over text emptied'),
  row('shadow-replace-field-value', 'shadow-replace', 'modified', 'form_field_changed', 'a field over page text gets a new value and appearance'),
  row('shadow-replace-font-widths', 'shadow-replace', 'modified', 'object_changed', 'font /Widths redefined'),
  row('shadow-replace-font-tounicode', 'shadow-replace', 'modified', 'object_changed', 'font /ToUnicode added'),
  row('shadow-hide-and-replace-page-contents', 'shadow-hide-and-replace', 'modified', 'page_content_changed', 'page /Contents pointed at a planted stream'),
  row('shadow-hide-and-replace-page-tree', 'shadow-hide-and-replace', 'modified', 'page_changed', 'page tree pointed at a planted page'),
];

const CERTIFIED: ExpectedVerdict[] = [
  row('eaa-p2-annotation-added', 'EAA', 'modified', 'annotation_added', 'annotation with an appearance after a P=2 certification'),
  row('eaa-p3-annotation-over-text', 'EAA', 'valid', 'annotation_after_certification', 'annotation over text after P=3: allowed, with a finding naming it'),
  row('ssa-p2-unsigned-field-with-appearance', 'SSA', 'modified', 'unsigned_signature_field_after_certification', 'unsigned signature field drawing over text after P=2'),
  row('ssa-p3-unsigned-field-with-appearance', 'SSA', 'modified', 'unsigned_signature_field_after_certification', 'unsigned signature field drawing over text after P=3'),
  row('ssa-p2-signed-by-another-key', 'SSA', 'valid', 'signature_field_added', 'our signature after a P=2 certification: each judged on its own'),
  row('ssa-p2-signed-over-content', 'SSA', 'modified', 'signature_widget_over_content_after_certification', 'a signature after a P=2 certification whose appearance covers signed content'),
  row('cert-perms-removed', 'certification', 'modified', 'certification_changed', '/Perms removed from the catalog'),
  row('cert-docmdp-level-raised', 'certification', 'modified', 'signature_dictionary_changed', 'DocMDP /P 1 rewritten to 3'),
  row('cert-second-certification', 'certification', 'modified', 'certification_changed', 'a second signature with a DocMDP reference'),
  row('cert-locked-prepared-field-signed', 'certification', 'modified', 'locked_field_changed', 'a signature into a prepared field the P=2 certification locks with FieldMDP'),
  row('cert-p1-signature-field-added', 'certification', 'modified', 'certification_forbids_changes', 'an empty signature field after P=1'),
];

const CMS: ExpectedVerdict[] = [
  row('cms-message-digest-mismatch', 'CMS', 'invalid', 'digest_mismatch', 'message-digest of other bytes, validly signed'),
  row('cms-content-type-missing', 'CMS', 'invalid', 'content_type_missing', 'no content-type attribute'),
  row('cms-duplicate-attribute', 'CMS', 'invalid', 'duplicate_attribute', 'message-digest attribute twice'),
  row('cms-signature-over-implicit-tag', 'CMS', 'invalid', 'signature_invalid', 'signature over the [0] IMPLICIT bytes'),
  row('cms-sid-names-another-certificate', 'CMS', 'invalid', 'signature_invalid', 'sid names another certificate in the set'),
  row('cms-ess-hash-mismatch', 'CMS', 'invalid', 'signing_certificate_mismatch', 'ESSCertIDv2 hash of another certificate'),
  row('cms-signature-algorithm-mismatch', 'CMS', 'invalid', 'algorithm_mismatch', 'sha512WithRSA with a SHA-256 digest algorithm'),
  row('cms-rsa-block-digest-mismatch', 'CMS', 'invalid', 'signature_invalid', 'PKCS#1 block with a SHA-512 DigestInfo under SHA-256'),
  row('cms-sha1', 'CMS', 'invalid', 'weak_digest_algorithm', 'SHA-1 throughout'),
  row('cms-md5', 'CMS', 'invalid', 'weak_digest_algorithm', 'MD5 throughout'),
  row('cms-trailing-non-zero-bytes', 'CMS', 'invalid', 'contents_trailing_bytes', 'non-zero bytes after the DER'),
  row('cms-nested-10000-deep', 'CMS', 'invalid', 'cms_too_complex', '10,000 nested SEQUENCEs', { dos: true }),
  row('cms-oversized-length', 'CMS', 'invalid', 'cms_malformed', 'a length field claiming 2 GiB', { dos: true }),
];

const MASKING: ExpectedVerdict[] = [
  row('mask-duplicate-object-number', 'masking', 'modified', 'ambiguous_structure', 'one number defined twice in a revision: signed copy first, forged last'),
  row('mask-duplicate-xref-entries', 'masking', 'modified', 'ambiguous_structure', 'two xref rows for one number'),
  row('mask-swapped-xref-entries', 'masking', 'modified', 'ambiguous_structure', 'xref rows of two objects swapped'),
  row('mask-wrong-stream-length', 'masking', 'modified', 'ambiguous_structure', 'stream /Length not ending at endstream', SEEN_BY_BOTH),
  row('mask-object-after-eof', 'masking', 'modified', 'ambiguous_structure', 'forged object after the last %%EOF'),
  row('mask-object-before-header', 'masking', 'invalid', undefined, 'forged object before %PDF-'),
];

const READER_DISAGREEMENT: ExpectedVerdict[] = [
  row('repair-offset-at-wrong-object', 'reader-disagreement', 'modified', 'reader_repair_required', 'the catalog rewritten unchanged, its xref row at another object; a forged page definition hidden in a new stream', SEEN_BY_POPPLER),
  row('repair-negative-generation', 'reader-disagreement', 'modified', 'reader_repair_required', 'the catalog rewritten unchanged under generation -1; the same hidden definition', SEEN_BY_POPPLER),
  row('repair-generation-mismatch', 'reader-disagreement', 'modified', 'reader_repair_required', 'the catalog rewritten unchanged under generation 1 while its xref row says 0'),
  row('repair-root-null', 'reader-disagreement', 'modified', 'trailer_root_changed', 'a trailer with /Root null; the same hidden definition', SEEN_BY_POPPLER),
  row('repair-hidden-in-new-stream', 'reader-disagreement', 'modified', 'ambiguous_structure', 'only the stream carrying a hidden page definition'),
  row('repair-reference-generation-padded-definition', 'reader-disagreement', 'modified', 'reader_repair_required', 'a new /Info referred to under generation 1, a definition with a 13-digit number hidden in a new stream', SEEN_BY_POPPLER),
  row('repair-reference-generation-signed-stream-definition', 'reader-disagreement', 'modified', 'reader_repair_required', 'the same trigger; the definition signed inside a stream of the upload', SEEN_BY_POPPLER),
  row('nul-name-widget-rect', 'reader-disagreement', 'modified', 'duplicate_key', 'a new widget with /Rect [0 0 0 0] and /Rect#00 over the page', SEEN_BY_POPPLER),
  row('nul-name-widget-ap', 'reader-disagreement', 'modified', 'unsigned_signature_field_with_appearance', 'a new widget whose appearance is given as /AP#00', SEEN_BY_POPPLER),
  row('table-subsection-renumbered', 'reader-disagreement', 'modified', 'reader_repair_required', 'objects rewritten unchanged under a subsection "1 3" opening with the free-list head', SEEN_BY_POPPLER),
  row('table-startxref-at-comment', 'reader-disagreement', 'modified', 'reader_repair_required', 'startxref at a comment line before xref; a spare object stream in the upload', SEEN_BY_MUPDF),
  row('table-rows-of-21-bytes', 'reader-disagreement', 'modified', 'reader_repair_required', 'xref rows of 21 bytes; the same spare object stream', SEEN_BY_MUPDF),
  row('table-offset-with-sign', 'reader-disagreement', 'modified', 'reader_repair_required', 'an xref offset written with a plus sign', SEEN_BY_MUPDF),
  row('table-row-not-padded', 'reader-disagreement', 'modified', 'reader_repair_required', 'an xref row that is not zero-padded', SEEN_BY_MUPDF),
  row('objstm-unlisted-member', 'reader-disagreement', 'modified', 'object_stream_member_unlisted', 'a new object stream holding, unlisted, a page drawing forged content'),
  row('nul-name-root-through-info', 'reader-disagreement', 'modified', 'duplicate_key', 'a trailer /Root#00 naming a forged document hung off a new /Info', SEEN_BY_POPPLER),
];

const DUPLICATE_KEYS: ExpectedVerdict[] = [
  row('dup-key-trailer-root-twice', 'duplicate-key', 'modified', 'duplicate_key', 'a trailer with /Root twice, the first naming a forged catalog'),
  row('dup-key-contents-then-null', 'duplicate-key', 'modified', 'duplicate_key', 'the page rewritten with /Contents given again as null'),
  row('dup-key-in-signed-revision', 'duplicate-key', 'valid', 'ambiguous_structure', 'a key given twice in the signed information dictionary: a warning'),
];

const PARTIAL_CHECKS: ExpectedVerdict[] = [
  row('partial-widget-kid-draws', 'partial-check', 'modified', 'unsigned_signature_field_with_appearance', 'an unsigned signature field with 70 widgets, the last painting over the page'),
  row('partial-widget-kid-has-action', 'partial-check', 'modified', 'signature_field_has_actions', 'an unsigned signature field with 70 widgets, the last carrying JavaScript'),
];

const UR3: ExpectedVerdict[] = [
  row('ur3-only-signature', 'UR3', 'unsigned', undefined, 'a /Perms /UR3 signature is the only signature'),
  row('ur3-added-after-signature', 'UR3', 'modified', 'catalog_changed', '/Perms /UR3 added after a document signature'),
];

const CERTIFICATES: ExpectedVerdict[] = [
  row('cert-untrusted-ca', 'certificate', 'valid-untrusted', 'chain_untrusted', 'signer certificate from a CA outside the anchors'),
  row('cert-expired-signer', 'certificate', 'invalid', 'certificate_expired', 'signer certificate expired before the signing time'),
  row('cert-root-name-collision', 'certificate', 'valid-untrusted', 'chain_untrusted', 'chain ending at a self-signed root named like a trust anchor but holding another key'),
  row('cert-ca-rollover-old-key', 'certificate', 'valid', undefined, 'issuing CA and root rolled over, both root keys anchors: signed under the old keys, the new CA first in the CMS'),
  row('cert-ca-rollover-new-key', 'certificate', 'valid', undefined, 'issuing CA and root rolled over, both root keys anchors: signed under the new keys, the old CA first in the CMS'),
  row('cert-cross-certified', 'certificate', 'valid', undefined, "partner CA's chain reaching our trusted root through a cross-certificate"),
];

/**
 * The signature is intact, so the verifier alone (no registry, as here) says valid; through the
 * registry the same files are revoked once their document is (test/http/registry-signature-match.test.ts).
 */
const REGISTRY: ExpectedVerdict[] = [
  row('registry-gap-upper-case', 'registry', 'valid', undefined, 'our signature with its /Contents hex digits in upper case'),
  row('registry-gap-padding-as-white-space', 'registry', 'valid', undefined, 'our signature with the zero padding of /Contents written as white space'),
  row('registry-gap-cms-moved', 'registry', 'valid', undefined, 'our signature with the CMS hex moved inside /Contents by leading white space'),
];

/** A signed document encrypted with the empty user password: the forger can encrypt as well as we can. */
const ENCRYPTED: ExpectedVerdict[] = [
  row('encrypted-content-override', 'ISA', 'modified', 'object_changed', 'the page content stream redefined, encrypted with the document key', SEEN_BY_BOTH),
  row('encrypted-encryption-dropped', 'ISA', 'modified', 'encryption_changed', 'a revision whose trailer drops /Encrypt, so every signed string and stream reads differently'),
  row('encrypted-first-id-replaced', 'ISA', 'modified', 'encryption_changed', 'a revision whose trailer gives /ID another first element'),
];

export const EXPECTED_VERDICTS: readonly ExpectedVerdict[] = [
  ...CONTROLS, ...USF, ...ISA, ...SWA, ...GAP, ...SIGNATURE_OBJECT, ...FORM, ...SHADOW, ...CERTIFIED, ...CMS, ...MASKING, ...READER_DISAGREEMENT, ...DUPLICATE_KEYS, ...PARTIAL_CHECKS, ...UR3, ...CERTIFICATES,
  ...REGISTRY, ...ENCRYPTED,
];
