import { Router } from 'express';

/**
 * A router that matches paths case-sensitively. RFC 3986 §6.2.2.1: only the scheme and host of a URI
 * are case-insensitive, so `/D/<token>` is another path than `/d/<token>` and must not reach the
 * handler (or slip past the log's masking as a second spelling). Express's `case sensitive routing`
 * setting reaches only the app's own router: every Router needs the option itself. Not strict: a
 * trailing slash still matches, as before.
 */
export const caseSensitiveRouter = (): Router => Router({ caseSensitive: true, strict: false });
