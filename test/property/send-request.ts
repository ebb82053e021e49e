/**
 * Sends one request exactly as given (repeated headers as repeated lines, any content type and
 * encoding, the body's bytes untouched) with node:http, which fetch would normalise.
 */
import { request } from 'node:http';

export type SentHeaders = Record<string, string | string[]>;

export interface Answer {
  status: number;
  body: string;
}

export function sendRequest(
  url: string,
  body: Buffer,
  headers: SentHeaders,
  { method = 'POST', timeoutMs = 30_000 } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // A connection of its own: a kept-alive socket the server closed after the last answer
    // would fail the next request for a reason that is not the next request's.
    const req = request(url, { method, headers, timeout: timeoutMs, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
