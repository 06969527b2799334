/**
 * The department whose key signs filed verification reports: the dev PKI's `service` identity, or an
 * installed one. It is the service's own voice, so no API key is ever issued to it and no upload is
 * signed with it: only reports the service writes itself.
 */
export const SERVICE_DEPARTMENT = 'service';
