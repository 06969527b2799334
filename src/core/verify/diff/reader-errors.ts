import { DocsealError, isLimitExceeded } from '../../errors.js';
import { LexError } from '../../pdf/lexer.js';
import { ParseError } from '../../pdf/parser.js';

/**
 * What our reader throws on bad input; anything else is a bug and must not be hidden as a finding.
 * A limit reached is no finding either: an analysis cut short refuses the file (limit_exceeded).
 */
export function isReaderError(e: unknown): boolean {
  return (e instanceof DocsealError && !isLimitExceeded(e)) || e instanceof LexError || e instanceof ParseError;
}
