/** A client that sends a request a little at a time over a raw socket, as a slowloris would. */
import { connect } from 'node:net';

export interface SlowClientResult {
  /** What the server answered before it closed the socket ('' if nothing). */
  answer: string;
  /** Whether the server closed the socket before the client stopped trickling. */
  droppedByServer: boolean;
  /** Bytes trickled after the head: about the time the server let it hold the socket. */
  trickled: number;
}

export interface SlowClientOptions {
  /** Sent at once when the socket opens. */
  head: string | Buffer;
  /** Then one byte of this every `everyMs`. */
  trickle: string;
  everyMs: number;
  /** The client gives up (and the server did not drop it) after this long. */
  giveUpAfterMs: number;
}

export function slowClient(url: string, options: SlowClientOptions): Promise<SlowClientResult> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let position = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = (droppedByServer: boolean) => {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({
        answer: Buffer.concat(chunks).toString('latin1'),
        droppedByServer,
        trickled: position,
      });
    };
    const giveUp = setTimeout(() => finish(false), options.giveUpAfterMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => finish(true));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A reset while writing is the server dropping us too.
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') finish(true);
      else reject(error);
    });
    socket.on('connect', () => {
      socket.write(options.head);
      timer = setInterval(() => {
        const byte = options.trickle[position % options.trickle.length] ?? ' ';
        position += 1;
        socket.write(byte);
      }, options.everyMs);
    });
  });
}
