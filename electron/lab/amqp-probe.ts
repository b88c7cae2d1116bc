/**
 * A RabbitMQ publish/consume round trip for drills and the lab suite, with a real AMQP 0-9-1 client:
 * a small Python 3 script (Python is in the lab's base image; no pika, no management plugin, nothing to
 * install) run inside a node. It publishes with publisher confirms (the broker acknowledges only once the
 * message is safe on the queue's replicas) and fetches with basic.get from whichever broker it is given,
 * so a message published through one node is consumed through another.
 */
import type { LabHandle } from './index';

/** The AMQP client, read from stdin by `python3 -`. Args: host user password vhost queue kind verb [body]. */
export const AMQP_PROBE_SCRIPT = String.raw`
import socket, struct, sys
host, user, password, vhost, queue, kind, verb = sys.argv[1:8]
body = sys.argv[8].encode() if len(sys.argv) > 8 else b''
s = socket.create_connection((host, 5672), timeout=10)
def sstr(v): v = v.encode(); return struct.pack('B', len(v)) + v
def lstr(v): return struct.pack('>I', len(v)) + v
def frame(kind, payload, channel=1): s.sendall(struct.pack('>BHI', kind, channel, len(payload)) + payload + b'\xce')
def method(cls, mid, args=b'', channel=1): frame(1, struct.pack('>HH', cls, mid) + args, channel)
buf = b''
def read(n):
    global buf
    while len(buf) < n:
        chunk = s.recv(65536)
        if not chunk: raise SystemExit('connection closed by the broker')
        buf += chunk
    out, buf = buf[:n], buf[n:]
    return out
def next_frame():
    while True:
        kind, channel, size = struct.unpack('>BHI', read(7))
        payload = read(size); read(1)
        if kind != 8: return kind, payload
def expect(cls, mid):
    kind, payload = next_frame()
    got = struct.unpack('>HH', payload[:4]) if kind == 1 else None
    if got == (10, 50) or got == (20, 40):
        code = struct.unpack('>H', payload[4:6])[0]
        raise SystemExit('broker closed: %d %s' % (code, payload[7:7 + payload[6]].decode()))
    if got not in ((cls, mid),) and not (cls == 60 and mid == 71 and got == (60, 72)):
        raise SystemExit('unexpected frame %r, wanted %d.%d' % (got, cls, mid))
    return got, payload[4:]
s.sendall(b'AMQP\x00\x00\x09\x01')
expect(10, 10)
method(10, 11, struct.pack('>I', 0) + sstr('PLAIN') + lstr(b'\x00' + user.encode() + b'\x00' + password.encode()) + sstr('en_US'), 0)
_, tune = expect(10, 30)
channel_max, frame_max, _hb = struct.unpack('>HIH', tune[:8])
method(10, 31, struct.pack('>HIH', channel_max, frame_max, 0), 0)
method(10, 40, sstr(vhost) + sstr('') + b'\x00', 0)
expect(10, 41)
method(20, 10, sstr(''))
expect(20, 11)
args = sstr('x-queue-type') + b'S' + lstr(b'quorum') if kind == 'quorum' else b''
method(50, 10, struct.pack('>H', 0) + sstr(queue) + b'\x02' + lstr(args))
expect(50, 11)
if verb == 'publish':
    method(85, 10, b'\x00')
    expect(85, 11)
    method(60, 40, struct.pack('>H', 0) + sstr('') + sstr(queue) + b'\x00')
    frame(2, struct.pack('>HHQH', 60, 0, len(body), 0x1000) + b'\x02')
    frame(3, body)
    expect(60, 80)
    print('published')
else:
    method(60, 70, struct.pack('>H', 0) + sstr(queue) + b'\x01')
    got, _ = expect(60, 71)
    if got == (60, 72):
        print('')
    else:
        _, header = next_frame()
        size = struct.unpack('>Q', header[4:12])[0]
        data = b''
        while len(data) < size: data += next_frame()[1]
        print(data.decode())
method(10, 50, struct.pack('>H', 200) + sstr('bye') + struct.pack('>HH', 0, 0), 0)
`;

/** Who talks to the brokers, and where. */
export interface AmqpProbeTarget {
  user: string;
  password: string;
  vhost: string;
  queue: string;
  /** quorum: the queue is declared as a quorum queue; classic otherwise (policies may mirror it). */
  kind: 'classic' | 'quorum';
}

/** Creates the probe's user on a broker (idempotent) with full rights on `vhost`. */
export async function ensureAmqpProbeUser(
  lab: LabHandle,
  broker: string,
  target: Pick<AmqpProbeTarget, 'user' | 'password' | 'vhost'>,
): Promise<void> {
  const { user, password, vhost } = target;
  await lab.exec(broker, [
    'sh',
    '-c',
    `rabbitmqctl -q list_users | grep -q '^${user}\\b' || rabbitmqctl -q add_user ${user} ${password}; rabbitmqctl -q set_permissions -p ${vhost} ${user} '.*' '.*' '.*'`,
  ]);
}

function probe(
  lab: LabHandle,
  node: string,
  brokerAddress: string,
  target: AmqpProbeTarget,
  verb: 'publish' | 'get',
  body = '',
): Promise<string> {
  const { user, password, vhost, queue, kind } = target;
  return lab
    .exec(node, ['python3', '-', brokerAddress, user, password, vhost, queue, kind, verb, body], {
      input: AMQP_PROBE_SCRIPT,
      timeoutMs: 30_000,
    })
    .then((r) => r.stdout.trim());
}

/**
 * Publishes a unique message through the broker at `publishVia` (confirmed) and fetches it through the
 * broker at `consumeVia`; runs on `node`. True when the same message came back.
 */
export async function amqpRoundTrip(
  lab: LabHandle,
  node: string,
  publishVia: string,
  consumeVia: string,
  target: AmqpProbeTarget,
): Promise<{ ok: boolean; body: string; received: string }> {
  const body = `quorum-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  await probe(lab, node, publishVia, target, 'publish', body);
  const received = await probe(lab, node, consumeVia, target, 'get');
  return { ok: received === body, body, received };
}
