import { join } from 'node:path';
import { request as httpRequest, type ClientRequest } from 'node:http';
import type { ChildProcess } from 'node:child_process';

/** Resolves with the port once the service logs that it listens. */
export function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (d: Buffer) => {
      buffered += d.toString();
      const line = buffered.split('\n').find((l) => l.includes('docseal listening'));
      if (line) resolve((JSON.parse(line) as { address: { port: number } }).address.port);
    });
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => reject(new Error(`exited ${code} before listening: ${err}`)));
  });
}

/** Resolves with the first JSON log line of the service for which `match` holds. */
export function logLine(child: ChildProcess, match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    let buffered = '';
    const onData = (d: Buffer): void => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const text of lines) {
        const line = text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : undefined;
        if (line && match(line)) {
          child.stdout?.off('data', onData);
          resolve(line);
          return;
        }
      }
    };
    child.stdout?.on('data', onData);
  });
}

/**
 * A multipart verification upload whose body the caller finishes later; resolves with status and JSON body.
 * `accepted` resolves once the service has read the request's head (it answers `Expect: 100-continue`),
 * so a test that then signals the service knows the request was in flight, not still in a socket buffer.
 */
export function startUpload(port: number, pdf: Buffer): {
  req: ClientRequest;
  accepted: Promise<void>;
  finish: () => void;
  response: Promise<{ status: number; body: Record<string, unknown> }>;
} {
  const boundary = 'docsealboundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="in.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const headers = { 'Content-Type': `multipart/form-data; boundary=${boundary}`, Expect: '100-continue' };
  const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/api/v1/verify', headers });
  const accepted = new Promise<void>((resolve) => req.once('continue', () => {
    req.write(Buffer.concat([head, pdf.subarray(0, 100)]));
    resolve();
  }));
  const response = new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
    });
    req.on('error', reject);
  });
  req.flushHeaders();
  return { req, accepted, response, finish: () => void accepted.then(() => req.end(Buffer.concat([pdf.subarray(100), tail]))) };
}

/** The service with the embedded database (no MONGODB_URI), its certs and data in `dir`, on a free loopback port. */
export function serviceEnv(dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    MONGODB_URI: undefined,
    DOCSEAL_CERTS_DIR: join(dir, 'certs'),
    DOCSEAL_DATA_DIR: join(dir, 'data'),
    DOCSEAL_KEY_PASSPHRASE: 'pw',
    PORT: '0',
    HOST: '127.0.0.1',
    ...extra,
  };
}
