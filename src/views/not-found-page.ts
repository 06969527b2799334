import { renderErrorPage } from './error-page.js';

/** The public page for an id we never issued (or that is malformed): nothing about it is known. */
export function renderNotFoundPage(): string {
  return renderErrorPage({ page: 'document_not_found' });
}
