/**
 * Interactive shells on nodes (a PTY each, for the Deploy tab's shell tabs): input from the renderer,
 * output back as events with known secrets masked, resize, close. One SSH connection per shell, apart
 * from the run's connections, so a stuck shell never holds up a deployment.
 */
import { randomUUID } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import type { ClientChannel } from 'ssh2';
import type { EventHub } from '../../shared/api/dispatcher';
import { ApiError } from '../../shared/api/result';
import { SecretMasker } from '../../shared/deploy/secret-masker';
import type { PlanNode } from '../../shared/plan/types';
import type { SshConnection } from '../ssh/connection';

interface Shell {
  connection: SshConnection;
  channel: ClientChannel;
}

export class ShellSessions {
  private shells = new Map<string, Shell>();

  constructor(
    private readonly hub: EventHub,
    private readonly connect: (node: PlanNode) => Promise<SshConnection>,
    private readonly maskValues: () => Iterable<string>,
  ) {}

  async open(node: PlanNode, cols: number, rows: number): Promise<string> {
    const connection = await this.connect(node);
    let channel: ClientChannel;
    try {
      channel = await connection.shell(cols, rows);
    } catch (error) {
      connection.dispose();
      throw error;
    }
    const shellId = randomUUID();
    this.shells.set(shellId, { connection, channel });
    const decoder = new StringDecoder('utf8');
    const masker = new SecretMasker(this.maskValues());
    const emit = (data: Buffer) => {
      const text = masker.push(decoder.write(data));
      if (text) this.hub.emit('shellOutput', { shellId, data: text });
    };
    channel.on('data', emit);
    channel.stderr.on('data', emit);
    channel.on('close', () => {
      const rest = masker.push(decoder.end()) + masker.flush();
      if (rest) this.hub.emit('shellOutput', { shellId, data: rest });
      this.hub.emit('shellExit', { shellId });
      this.shells.delete(shellId);
      connection.dispose();
    });
    return shellId;
  }

  private get(shellId: string): Shell {
    const shell = this.shells.get(shellId);
    if (!shell) throw new ApiError('not-found', 'that shell has ended');
    return shell;
  }

  input(shellId: string, data: string): void {
    this.get(shellId).channel.write(data);
  }

  resize(shellId: string, cols: number, rows: number): void {
    this.get(shellId).channel.setWindow(rows, cols, 0, 0);
  }

  close(shellId: string): void {
    const shell = this.shells.get(shellId);
    shell?.channel.close();
    shell?.connection.dispose();
  }

  closeAll(): void {
    for (const id of [...this.shells.keys()]) this.close(id);
  }
}
