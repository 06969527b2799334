import { DocsealError } from '../../errors.js';
import { LexError } from '../../pdf/lexer.js';
import { ParseError } from '../../pdf/parser.js';

/** What our reader throws on bad input; anything else is a bug and must not be hidden as a finding. */
export function isReaderError(e: unknown): boolean {
  return e instanceof DocsealError || e instanceof LexError || e instanceof ParseError;
}
