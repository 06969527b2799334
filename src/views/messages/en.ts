import type { Verdict } from '../../core/verify/report.js';

/**
 * English sentences for every code the verifier reports (checks, modification findings, file
 * warnings). `{name}` is replaced by the check's param of that name; a key `prefix:{key}` serves the
 * codes `prefix:<Key>` the diff rules build from a dictionary key. Plain text: the page escapes it.
 * Only Latin-1 punctuation, so the Helvetica PDF report can print every sentence.
 */
export const EN_MESSAGES = {
  // Signature dictionary and /ByteRange (ISO 32000-1 §12.8.1).
  structure_ok: 'The signature is well formed: /ByteRange covers its whole revision except exactly its own /Contents.',
  signature_dictionary_unreadable: 'The signature dictionary cannot be read.',
  signature_dictionary_missing: 'The signature dictionary is not listed in the cross-reference table of its revision.',
  signature_dictionary_in_object_stream: 'The signature dictionary is stored in a compressed object stream, where its /Contents cannot be located in the file.',
  signature_dictionary_direct: 'The signature dictionary is not an indirect object, so its /Contents cannot be located exactly.',
  signature_dictionary_outside_signed_bytes: 'The signature dictionary lies outside the bytes its signature covers, so its entries are not protected.',
  duplicate_key: 'A dictionary (of the signature, or of an object added or changed after signing) gives the same key twice, so different readers may take different values.',
  contents_missing: 'The signature dictionary has no /Contents.',
  contents_not_hex_string: 'The /Contents of the signature dictionary is not a hexadecimal string.',
  byte_range_missing: 'The signature dictionary has no /ByteRange, so it is not known which bytes were signed.',
  byte_range_not_array: 'The /ByteRange of the signature is not an array.',
  byte_range_wrong_count: 'The /ByteRange of the signature does not hold exactly four numbers.',
  byte_range_not_integers: 'The /ByteRange of the signature holds values that are not integers.',
  byte_range_negative: 'The /ByteRange of the signature holds a negative number.',
  byte_range_not_from_start: 'The signed bytes do not start at the beginning of the file.',
  byte_range_outside_file: 'The signed bytes reach beyond the end of the file ({size} bytes).',
  byte_range_gap_mismatch:
    'The unsigned gap of the signature (bytes {gapStart} to {gapEnd}) is not exactly its /Contents (bytes {contentsStart} to {contentsEnd}): the signature may have been moved onto other content.',
  byte_range_not_revision_end: 'The signed bytes end at byte {signedEnd}, which is not the end of any revision of the file.',
  byte_range_not_own_revision: 'The signed bytes do not end where the revision holding this signature ends.',
  // The CMS container in /Contents (RFC 5652).
  contents_trailing_bytes: 'The signature container holds data other than zero padding after the CMS signature.',
  cms_malformed: 'The CMS signature in /Contents cannot be decoded ({detail}).',
  cms_too_complex: 'The CMS signature is nested too deeply or has too many elements to be read safely ({detail}).',
  cms_not_signed_data: 'The /Contents of the signature does not hold a CMS SignedData structure.',
  encapsulated_content_not_data: 'The CMS signature declares a content type other than data, which a PDF signature must use.',
  encapsulated_content_present: 'The CMS signature embeds content, although a PDF signature must be detached.',
  encapsulated_content_type_mismatch: 'The CMS structure encapsulates content of an unexpected type ({detail}).',
  encapsulated_content_missing: 'The CMS structure lacks the content it must encapsulate.',
  too_many_certificates: 'The CMS signature carries more certificates than the verifier accepts ({detail}).',
  too_many_crls: 'The CMS signature carries more revocation lists than the verifier accepts ({detail}).',
  signer_info_missing: 'The CMS signature names no signer.',
  multiple_signer_infos: 'The CMS signature holds more than one signer, where a PDF signature has exactly one ({detail}).',
  signed_attributes_not_der: 'The signed attributes are not in the DER encoding the signature requires ({detail}).',
  duplicate_attribute: 'A signed attribute appears twice ({detail}).',
  attribute_multiple_values: 'A signed attribute holds more than one value ({detail}).',
  // Integrity: digest, signature, ESS signing-certificate.
  message_digest_matches: 'The signed bytes are unchanged: their {algorithm} digest matches the one the signer signed.',
  digest_mismatch: 'The signed bytes have been changed: their digest does not match the one the signer signed.',
  weak_digest_algorithm: 'The signature uses a broken hash algorithm (MD5 or SHA-1).',
  unsupported_digest_algorithm: 'The signature uses a hash algorithm the verifier does not accept (SHA-256, SHA-384 or SHA-512 are required).',
  signed_attributes_missing: 'The signature has no signed attributes, which a PAdES signature requires.',
  content_type_missing: 'The signed attributes lack the content-type attribute.',
  content_type_mismatch: 'The content-type attribute names another type of content than the one signed.',
  message_digest_missing: 'The signed attributes lack the message-digest attribute.',
  signature_valid: 'The cryptographic signature is valid ({algorithm}).',
  signature_invalid: "The cryptographic signature does not verify with the signer's certificate.",
  signer_certificate_missing: "The signer's certificate is not included in the signature.",
  signer_certificate_ambiguous: 'The signature names its signer ambiguously: two different certificates in it match.',
  unsupported_signature_algorithm: 'The signature algorithm is not supported (RSA PKCS#1 v1.5, RSA-PSS and ECDSA are).',
  algorithm_mismatch: "The signature algorithm does not match the signer's hash algorithm or key.",
  unsupported_key: "The signer's key uses an elliptic curve the verifier does not accept.",
  weak_key: "The signer's RSA key is shorter than 2048 bits.",
  signing_certificate_absent: 'The signature does not bind its certificate with a signing-certificate attribute, which PAdES requires.',
  signing_certificate_matches: "The signing-certificate attribute (version {version}) names the signer's certificate.",
  signing_certificate_mismatch: 'The signing-certificate attribute (version {version}) names another certificate than the one that signed.',
  // Signature-time-stamp token (RFC 3161).
  timestamp_valid: 'A trusted time-stamp from {tsa} proves that the signature existed at {time}.',
  timestamp_malformed: 'The time-stamp token of the signature cannot be read ({reason}: {detail}).',
  timestamp_weak_digest: 'The time-stamp token uses a broken hash algorithm ({algorithm}).',
  timestamp_unsupported_digest: 'The time-stamp token uses a hash algorithm the verifier does not accept ({algorithm}).',
  timestamp_imprint_mismatch: 'The time-stamp token was issued for another signature: its {algorithm} imprint does not match.',
  timestamp_signature_invalid: "The time-stamp token's own signature is not valid ({check}: {reason}).",
  timestamp_eku_missing: 'The certificate of the time-stamping authority {tsa} is not restricted to time-stamping ({reason}).',
  timestamp_certificate_invalid: 'The certificate of the time-stamping authority {tsa} failed a check ({check}: {reason}).',
  timestamp_untrusted: 'The time-stamp from {tsa} ({time}) does not come from a trusted authority ({reason}), so it proves no time.',
  // Trust in the signer's certificate (RFC 5280).
  chain_trusted: "The signer's certificate leads to the trusted root {anchor}.",
  chain_untrusted: "The signer's certificate does not lead to any trusted root, so the signer's identity is not confirmed.",
  weak_certificate_signature: 'The certificate {subject} is signed with a broken algorithm.',
  certificates_valid: 'Every certificate in the chain was within its validity period at {at}.',
  certificate_expired: 'The certificate of {subject} had expired ({notAfter}) at the signing time.',
  certificate_not_yet_valid: 'The certificate of {subject} was not yet valid (valid from {notBefore}) at the signing time.',
  key_usage_valid: "The signer's certificate allows signing, and every certificate above it may issue certificates.",
  key_usage_invalid: 'The certificate of {subject} does not allow signing documents ({reason}).',
  unknown_critical_extension: 'The certificate of {subject} has a critical extension the verifier does not recognise ({oid}).',
  ca_constraints_invalid: 'The certificate {subject} issued a certificate it was not allowed to issue ({reason}).',
  not_revoked: 'No certificate in the chain is revoked according to the revocation lists we hold.',
  certificate_revoked: 'The certificate of {subject} was revoked on {date}, before the signing time.',
  certificate_revoked_later:
    'The certificate of {subject} was revoked on {date}, after the signing time; only a trusted time-stamp proves the signature came first.',
  certificate_revoked_after_proven_time:
    'The certificate of {subject} was revoked on {date}, after the time a trusted time-stamp proves the signature existed; the signature stays valid.',
  dss_entry_not_array: 'The validation data the file embeds (/DSS {entry}) is not a list and was ignored.',
  dss_too_many_entries: 'The file embeds {count} values in /DSS {entry}; only the first {limit} were read.',
  dss_stream_unreadable: '{count} values in the file\'s embedded validation data (/DSS {entry}) could not be read and were ignored.',
  dss_unreadable: 'The validation data the file embeds (/DSS) could not be read and was ignored.',
  revocation_not_checked: 'Revocation was not checked: we hold no revocation list for {subjects}.',
  // The claimed signing time (/M).
  claimed_time_absent: 'The signature states no signing time.',
  claimed_time_unparseable: 'The signing time the signature states (/M) cannot be read.',
  claimed_time_unverified: 'The signer claims to have signed at {time}; no time-stamp proves it.',
  claimed_time_after_timestamp: 'The signer claims to have signed at {time}, later than the trusted time-stamp ({timestampTime}).',
  claimed_time_proven: 'The claimed signing time {time} agrees with the trusted time-stamp ({timestampTime}).',
  // Changes after signing, summed up per signature.
  no_changes: 'Nothing has been changed since this signature.',
  only_allowed_changes: 'The only changes since this signature are ones signing allows, such as later signatures.',
  forbidden_changes: 'The document was changed after this signature in ways no rule allows: {changes}.',
  // Findings about the file as a whole.
  trailing_bytes: 'The file has data after the end of its last revision that no signature covers.',
  revision_chain_broken: 'The file holds a revision its cross-reference chain no longer reaches; a signed revision may have been cut off.',
  data_before_header: 'The file has {bytes} bytes of data before its PDF header.',
  unreadable_update: 'An update appended to the file cannot be read; the report covers the revisions before it.',
  ambiguous_structure: 'Parts of the file can be read in more than one way, so viewers may show different content ({kinds}).',
  // One object added or changed after a signed revision.
  unreadable_object: 'An object changed after signing cannot be read, so the change cannot be allowed.',
  certification_forbids_changes: 'The document is certified with no changes permitted, yet it was changed.',
  object_freed: 'An object of the signed revision was deleted.',
  object_changed: 'An object of the signed revision was changed.',
  object_stream_member_unlisted: 'An object stream added after signing holds an object its cross-reference section does not list there, which repairing viewers may take for a document object.',
  reader_repair_required:
    'After signing, an object is not defined where or as its cross-reference entry says (number, generation or offset), so viewers rebuild the file by scanning it and may show objects no signature covers.',
  object_generation_changed: 'An object of the signed revision was given a new generation number, so references to it no longer reach it in some viewers.',
  signature_field_not_in_form: 'A signature widget was added to a page without being listed in the form, so no verifier checks it while it draws on the page.',
  signature_widget_over_content_after_certification: 'After the document was certified, a new signature was placed whose appearance covers text or images the certifier signed.',
  shared_object_changed: 'An object the signed content also uses was changed.',
  identical_rewrite: 'An object was written again without change.',
  container: 'An object stream or cross-reference stream was added; what it holds is judged object by object.',
  unexplained_object: 'An object was added that the document uses and no allowed change explains.',
  unreferenced_object: 'An object was added that nothing in the document uses.',
  dangling_reference_defined: 'An object the signed revision referred to but did not define was defined later, which changes signed content.',
  trailer_root_changed: 'The trailer of the file now points to another document catalog.',
  encryption_changed: 'A later revision changed the encryption of the file (its /Encrypt or the first /ID element), which changes how every signed string and stream is read.',
  catalog_changed: 'The document catalog was replaced by something that is not a dictionary.',
  'catalog_changed:{key}': 'The entry /{key} of the document catalog changed; it can add actions, attachments or pages.',
  certification_changed: 'The certification (DocMDP) of the document changed.',
  version_raised: 'The PDF version declared in the document catalog was raised.',
  extensions_changed: 'The developer extensions declared in the document catalog changed.',
  metadata_changed: 'The XMP metadata of the document changed; it can change the title a viewer shows, not the pages.',
  document_info_changed: 'The document information (title, author and the like) changed; it does not change the pages.',
  page_changed: 'A page object changed.',
  page_content_changed: 'The content or resources of a page changed after signing.',
  annotation_added: 'An annotation was added to a page.',
  annotation_removed: 'An annotation was removed from a page.',
  annotations_unchanged: 'The annotation list of a page was written again without change.',
  annotation_after_certification: 'An annotation was added, as the certification permits; it may draw over the page.',
  acroform_added: 'An interactive form dictionary was added to hold a signature field.',
  acroform_updated: 'The interactive form dictionary was updated to list a new signature field.',
  acroform_resources_added: 'Default resources for form fields were added.',
  acroform_changed: 'The interactive form dictionary (/AcroForm) changed in a way no rule allows.',
  'acroform_changed:{key}': 'The entry /{key} of the interactive form dictionary changed.',
  form_structure_changed: 'The structure of the form fields changed.',
  form_field_changed: 'A form field was changed, which the signature does not permit.',
  locked_field_changed: 'A form field that a signature locks was changed.',
  form_fill: 'A form field was filled in, as the certification permits.',
  signature_field_added: 'A signature field was added for a later signature.',
  signature_field_signed: 'An empty signature field was signed.',
  signature_field_changed: 'A signature field was changed.',
  signature_field_has_actions: 'A new signature field carries actions (/A or /AA) that run when it is used.',
  signature_dictionary_changed: 'The signature dictionary of this signature was changed.',
  signature_reused: 'A new signature field reuses an existing signature value.',
  signature_value_invalid: 'The value of a new signature field is not a signature dictionary.',
  unsigned_signature_field_with_appearance: 'An empty signature field with a visible appearance was added; it can draw over the page.',
  unsigned_signature_field_after_certification: 'An empty signature field was added to a certified document.',
  document_timestamp_added: 'A document time-stamp was added.',
  dss_added: 'A document security store with validation data was added.',
  dss_updated: 'The document security store with validation data was updated.',
  dss_changed: 'The document security store changed in a way no rule allows.',
  dss_removed: 'The document security store with validation data was removed.',
  // The registry: the upload is the original a document was issued from (report.originalOf).
  original_of_registered_document:
    'This file is the unsigned original from which this service issued document {documentId}, which is valid. The signature is on the signed copy, not on this file: check the signed copy at {verifyUrl}.',
  original_of_revoked_document:
    'This file is the unsigned original from which this service issued document {documentId}, which has since been revoked. The signature is on the signed copy, not on this file; the document is described at {verifyUrl}.',
  // Warnings the signer returns with a signed document (src/core/sign).
  active_content: 'The document contains JavaScript or an open action, which can make it show other than what was signed.',
  xfa_form: 'The document contains an XFA form, which viewers may render differently.',
  unreferenced_objects: 'The file holds object definitions that no cross-reference table lists.',
  definitions_in_stream_data: "The data of a stream holds object definitions, which repairing readers may take for the document's own.",
  content_not_fully_read: 'Part of the page content could not be analysed; the seal may overlap it.',
  seal_overlaps_content: 'No free area was found for the seal; it was placed at the requested corner and may cover content.',
  new_field_after_certification:
    'The document is certified and has no empty signature field, so the seal was added in a new visible field; strict validators may report that as a change the certification does not permit.',
  seal_not_shown: 'The document is certified and its only empty signature field is invisible, so the signature went into that field and the seal is not shown.',
} as const;

export type MessageKey = keyof typeof EN_MESSAGES;

/**
 * Phrases for param values that are not codes themselves: the `reason` of a certificate or time-stamp
 * finding and the `kinds` of an ambiguous structure. `code.value` scopes a value to one code.
 */
export const EN_REASONS = {
  no_signing_bit: 'its key usage allows neither digitalSignature nor nonRepudiation',
  not_a_ca: 'it is not a certification authority',
  no_key_cert_sign: 'its key usage does not allow signing certificates',
  path_length_exceeded: 'too many intermediate authorities below it',
  extension_malformed: 'an extension cannot be read',
  unknown_critical_extension: 'a critical extension is not recognised',
  tst_info_version: 'unsupported TSTInfo version',
  tst_info_malformed: 'the time-stamp information cannot be read',
  'timestamp_eku_missing.absent': 'time-stamping is not among its extended key usages',
  'timestamp_eku_missing.not_critical': 'its extended key usage is not critical',
  'timestamp_eku_missing.not_sole_purpose': 'time-stamping is not its only purpose',
  'timestamp_eku_missing.malformed': 'its extended key usage cannot be read',
  duplicate_xref_entries: 'an object listed twice in one cross-reference section',
  xref_entry_mismatch: 'a cross-reference entry pointing at another object',
  stream_length_mismatch: 'a stream whose /Length does not match its end',
  unreferenced_object_definition: 'object definitions no cross-reference section lists',
  duplicate_key: 'a dictionary key given twice',
} as const;

export type ReasonKey = keyof typeof EN_REASONS;

/** One sentence per verdict, telling the reader what it means for the document in their hands. */
export const EN_VERDICTS: Readonly<Record<Verdict, string>> = {
  valid: "The document has not been changed since it was signed, except in ways signing allows, and the signer's certificate is trusted and was valid.",
  'valid-untrusted':
    "The signatures are intact, but the signer's certificate does not lead to an authority we trust, so who signed is not confirmed.",
  modified: 'The signatures are intact, but the document was changed after signing in ways the signatures do not allow.',
  invalid: 'A signature is broken or fails a required check (for example the signed bytes changed or the certificate was not valid), so the document cannot be relied on.',
  revoked: 'We issued this document and have since revoked it: it is no longer valid, whatever its signatures say.',
  unsigned: 'The file carries no signature, so neither its origin nor its integrity can be confirmed.',
};

/**
 * What a citizen's browser shows when a page fails: what happened and what to do next. `{department}`
 * is the issuing department's name where the service knows it, else a phrase for it.
 */
export const EN_ERROR_PAGES = {
  link_expired: {
    title: 'This download link has expired',
    happened: 'The link to download your document was valid only until a set date, and that date has passed.',
    next: 'Ask {department} for a new link.',
  },
  link_used_up: {
    title: 'This download link has been used up',
    happened: 'The link allowed a set number of downloads, and all of them have been used.',
    next: 'Ask {department} for a new link. If you did not download the document yourself, tell them so: someone else may have used the link.',
  },
  link_revoked: {
    title: 'The document of this link was revoked',
    happened: 'The issuing department has revoked the document this link was for, so it is no longer handed out.',
    next: 'Ask {department} about the document and whether a replacement was issued.',
  },
  link_unknown: {
    title: 'Download link not found',
    happened: 'This download link is not known to the service: it may be mistyped or incomplete.',
    next: 'Open the link again from the message you received, making sure nothing was cut off. If it still fails, ask {department} for a new link.',
  },
  document_not_found: {
    title: 'Document not found',
    happened: 'This service issued no document with this ID.',
    next: 'Scan the QR code again, or type the ID exactly as it is printed. If it is still not found, this service did not issue the document: ask the department named on it.',
  },
  not_found: {
    title: 'Page not found',
    happened: 'There is no page at this address.',
    next: 'Check the address. To check a document, scan its QR code or open the verification page of this service.',
  },
  other: {
    title: 'Request failed',
    happened: 'The request could not be processed.',
    next: 'Go back and try again. If it keeps failing, quote the code below when you ask for help.',
  },
} as const;

export type ErrorPageKey = keyof typeof EN_ERROR_PAGES;

/** The `{department}` of an error page when the service does not know which department it is. */
export const EN_UNKNOWN_DEPARTMENT = 'the department that issued it';
