import request from 'supertest';

/** supertest collects a binary body only when told how; in Node its response is the IncomingMessage. */
export const binary: Parameters<request.Test['parse']>[0] = (res, cb) => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
};

export const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

let nextClient = 1;
/** A client address of its own (for X-Forwarded-For with trustProxy 1), so rate limits meet only where a test means it. */
export const freshClient = (): string => `203.0.113.${(nextClient++ % 250) + 1}`;

/** The secret part of an API key `ds_<keyId>_<secret>` (the secret is base64url and may hold `_`). */
export const secretOf = (key: string): string => key.split('_').slice(2).join('_');
