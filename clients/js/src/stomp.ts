/** STOMP 1.2 frames: encoding and an incremental decoder (heart-beats, content-length, escapes). */
export interface Frame {
  command: string;
  headers: Record<string, string>;
  body: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function escape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/:/g, '\\c');
}

function unescape(value: string): string {
  return value.replace(/\\([\\rnc])/g, (_, c: string) => ({ '\\': '\\', r: '\r', n: '\n', c: ':' })[c]!);
}

/** The text of one frame, NUL-terminated, with `content-length` when there is a body. */
export function encodeFrame(frame: Frame): string {
  const raw = frame.command === 'CONNECT' || frame.command === 'CONNECTED';
  let text = frame.command + '\n';
  for (const [name, value] of Object.entries(frame.headers)) {
    text += (raw ? name : escape(name)) + ':' + (raw ? value : escape(value)) + '\n';
  }
  if (frame.body.length > 0 && !Object.hasOwn(frame.headers, 'content-length')) {
    text += 'content-length:' + encoder.encode(frame.body).length + '\n';
  }
  return text + '\n' + frame.body + '\0';
}

/**
 * Decodes a stream of WebSocket messages into frames. A message may hold several frames or part of
 * one; a lone EOL is a heart-beat.
 */
export class FrameDecoder {
  private buffer = new Uint8Array(0);

  /** Feeds one WebSocket message; returns the complete frames and whether a heart-beat was seen. */
  push(data: string | ArrayBuffer | Uint8Array): Frame[] {
    const bytes = typeof data === 'string' ? encoder.encode(data) : data instanceof Uint8Array ? data : new Uint8Array(data);
    const joined = new Uint8Array(this.buffer.length + bytes.length);
    joined.set(this.buffer);
    joined.set(bytes, this.buffer.length);
    this.buffer = joined;
    const frames: Frame[] = [];
    for (;;) {
      let start = 0;
      while (start < this.buffer.length && (this.buffer[start] === 10 || this.buffer[start] === 13)) start++;
      this.buffer = this.buffer.subarray(start);
      const frame = this.next();
      if (!frame) return frames;
      frames.push(frame);
    }
  }

  private next(): Frame | undefined {
    const buf = this.buffer;
    let headerEnd = -1;
    for (let i = 0; i < buf.length; i++) {
      if (buf[i] === 10 && (buf[i + 1] === 10 || (buf[i + 1] === 13 && buf[i + 2] === 10))) {
        headerEnd = i;
        break;
      }
    }
    if (headerEnd < 0) return undefined;
    const bodyStart = headerEnd + (buf[headerEnd + 1] === 10 ? 2 : 3);
    const lines = decoder.decode(buf.subarray(0, headerEnd)).split('\n').map((l) => l.replace(/\r$/, ''));
    const command = lines.shift()!;
    const raw = command === 'CONNECTED' || command === 'CONNECT';
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const name = raw ? line.slice(0, colon) : unescape(line.slice(0, colon));
      // The first occurrence of a repeated header wins (STOMP 1.2).
      if (!Object.hasOwn(headers, name)) headers[name] = raw ? line.slice(colon + 1) : unescape(line.slice(colon + 1));
    }
    let bodyEnd: number;
    if (Object.hasOwn(headers, 'content-length')) {
      bodyEnd = bodyStart + Number(headers['content-length']);
      if (buf.length < bodyEnd + 1) return undefined;
    } else {
      bodyEnd = buf.indexOf(0, bodyStart);
      if (bodyEnd < 0) return undefined;
    }
    const body = decoder.decode(buf.subarray(bodyStart, bodyEnd));
    this.buffer = buf.subarray(bodyEnd + 1);
    return { command, headers, body };
  }
}
