/**
 * One SSH connection per node, opened on first use and reused by every step; a connection that was lost
 * is replaced on the next use. Concurrent first uses share one connect.
 */
import type { PlanNode } from '../../shared/plan/types';
import type { SshConnection } from '../ssh/connection';

/** Makes a connected `SshConnection` for a node (credentials, known_hosts and jump host are its business). */
export type NodeConnector = (node: PlanNode) => Promise<SshConnection>;

export class ConnectionPool {
  private connections = new Map<string, Promise<SshConnection>>();

  constructor(private readonly connector: NodeConnector) {}

  async get(node: PlanNode): Promise<SshConnection> {
    const existing = this.connections.get(node.id);
    if (existing) {
      const connection = await existing.catch(() => null);
      if (connection && connection.state === 'ready') return connection;
    }
    const connecting = this.connector(node);
    this.connections.set(node.id, connecting);
    connecting.catch(() => this.connections.delete(node.id));
    return connecting;
  }

  /** Ends the idle step shells of every connection (a run is over; the connections stay). */
  closeIdleStepShells(): void {
    for (const pending of this.connections.values()) {
      void pending.then((c) => c.closeIdleStepShells()).catch(() => undefined);
    }
  }

  disposeAll(): void {
    for (const pending of this.connections.values()) {
      void pending.then((c) => c.dispose()).catch(() => undefined);
    }
    this.connections.clear();
  }
}
