/**
 * Requests Node refuses before Express sees them — headers or a whole request past their
 * deadline (HTTP_HEADERS_TIMEOUT, HTTP_REQUEST_TIMEOUT), headers too large, broken HTTP — are
 * answered as Node answers them by default, and counted in the rejection log with the rest,
 * so that slow senders are as visible as forged ones.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { RejectionLog } from './rejection-log';

const ANSWERS: Record<string, { status: number; reason: string; statusLine: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'request_timeout',
    statusLine: 'Request Timeout',
  },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'headers_too_large',
    statusLine: 'Request Header Fields Too Large',
  },
};
const BAD_HTTP = { status: 400, reason: 'bad_http', statusLine: 'Bad Request' };

export function countClientErrors(server: Server, rejections: RejectionLog): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // The client went away: nothing to answer, nothing it did wrong.
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const answer = ANSWERS[error.code ?? ''] ?? BAD_HTTP;
    rejections.record({ reason: answer.reason, status: answer.status, ip: socket.remoteAddress });
    // As Node does without a listener: answer only if nothing of a response was written yet.
    if (socket.bytesWritten === 0) {
      socket.end(`HTTP/1.1 ${answer.status} ${answer.statusLine}\r\nConnection: close\r\n\r\n`);
    }
    socket.destroySoon();
  });
}
