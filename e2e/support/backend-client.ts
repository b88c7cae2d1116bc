/**
 * A test's own connection to the backend of a `quorum serve` (the same WebSocket API the page uses), to
 * seed what another tab or a user would have set up: a plan, credentials, trusted host keys.
 */
import WebSocket from 'ws';
import type { OperationInput, OperationName, OperationOutput } from '../../shared/api/contract';
import type { QuorumServer } from '../fixtures';

export interface BackendClient {
  call<K extends OperationName>(op: K, input: OperationInput<K>): Promise<OperationOutput<K>>;
  close(): void;
}

export async function connectBackend(server: QuorumServer): Promise<BackendClient> {
  const url = `${server.origin.replace(/^http/, 'ws')}/api?token=${encodeURIComponent(server.token)}`;
  const ws = new WebSocket(url, { origin: server.origin });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<
    number,
    (message: { ok: boolean; value?: unknown; error?: { message: string } }) => void
  >();
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { t: string; id: number; result: never };
    if (message.t === 'result') pending.get(message.id)?.(message.result);
  });
  return {
    call(op, input) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, (result) => {
          pending.delete(id);
          if (result.ok) resolve(result.value as never);
          else reject(new Error(`${op}: ${result.error?.message}`));
        });
        ws.send(JSON.stringify({ t: 'call', id, op, input }));
      });
    },
    close: () => ws.close(),
  };
}
