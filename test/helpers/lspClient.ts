// A minimal LSP client over a child's stdin/stdout, for tests and benches
// that drive the profile language server as any editor would: JSON-RPC
// messages framed by hand (`Content-Length: N\r\n\r\n{json}`), no LSP library.
import assert from 'node:assert/strict';
import { ChildProcessWithoutNullStreams } from 'node:child_process';

export interface Message {
  id?: number | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

/** A minimal LSP client: frames `Content-Length: N\r\n\r\n{json}` both ways. */
export class StdioClient {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, (m: Message) => void>();
  /** Notifications, requests from the server, and errors answering no request (id null). */
  readonly notifications: Message[] = [];
  readonly stderr: string[] = [];

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    child.stderr.on('data', (t: Buffer) => this.stderr.push(t.toString()));
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const m = /Content-Length: (\d+)/i.exec(header);
      assert.ok(m, `bad header ${header}`);
      const length = Number(m[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      const msg = JSON.parse(body) as Message;
      if (msg.id !== undefined && msg.method) {
        // Server → client requests (codeLens/refresh, showMessageRequest): answered, and kept with the notifications.
        this.send({ id: msg.id, result: null });
        this.notifications.push(msg);
      } else if (msg.id !== undefined && msg.id !== null) this.pending.get(msg.id)?.(msg);
      else this.notifications.push(msg);
    }
  }

  private send(msg: object): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }), 'utf8');
    this.child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.call(method, params).then((m) => {
      if (m.error) throw new Error(`${method}: ${m.error.message}`);
      return m.result as T;
    });
  }

  /** The whole response, error or result. */
  call(method: string, params: unknown): Promise<Message> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method} timed out; stderr: ${this.stderr.join('')}`)), 30_000);
      this.pending.set(id, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      this.send({ id, method, params });
    });
  }

  /** The first notification (received so far or later) that `matches`; rejects after `timeoutMs`. */
  async notification(matches: (m: Message) => boolean, timeoutMs = 30_000): Promise<Message> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.notifications.find(matches);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`no such notification within ${timeoutMs} ms; got ${JSON.stringify(this.notifications).slice(0, 2000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }
}
