// ssh2's transport ciphers with and without its native addon: the figures behind the packaged app's use of
// ssh2's JavaScript path (docs/packaging.md). Each cipher encrypts and then decrypts PACKETS packets of
// PAYLOAD bytes through ssh2's own cipher classes; "addon" is sshcrypto.node, "JS path" is ssh2 over
// Node's crypto module (what it falls back to when the addon does not load, as under Electron).
//   node scripts/bench/ssh2-crypto.mjs [--packets N] [--payload BYTES]
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const crypto = require('ssh2/lib/protocol/crypto.js');
const { values } = parseArgs({
  options: { packets: { type: 'string', default: '4000' }, payload: { type: 'string', default: '32768' } },
});
const packets = Number(values.packets);
const payloadLen = Number(values.payload);
const runs = 5;

const CIPHERS = [
  ['aes128-gcm@openssh.com', null],
  ['aes256-gcm@openssh.com', null],
  ['chacha20-poly1305@openssh.com', null],
  ['aes128-ctr', 'hmac-sha2-256'],
  ['aes256-ctr', 'hmac-sha2-256-etm@openssh.com'],
];

/** MB/s of one encrypt+decrypt pass, median of `runs`. */
function measure(cipherName, macName, forceNative) {
  const cipherInfo = crypto.CIPHER_INFO[cipherName];
  const macInfo = macName ? crypto.MAC_INFO[macName] : null;
  const key = randomBytes(cipherInfo.keyLen);
  const iv = cipherInfo.ivLen ? randomBytes(cipherInfo.ivLen) : undefined;
  const macKey = macInfo ? randomBytes(macInfo.len) : undefined;
  const payload = randomBytes(payloadLen);
  const rates = [];
  for (let run = 0; run < runs; run++) {
    const wire = [];
    const cipher = crypto.createCipher({
      outbound: {
        onWrite: (chunk) => wire.push(Buffer.from(chunk)),
        cipherInfo,
        cipherKey: key,
        cipherIV: iv && Buffer.from(iv), // the JS path counts the GCM nonce up in place
        seqno: 0,
        macInfo,
        macKey,
        forceNative,
      },
    });
    let received = 0;
    const decipher = crypto.createDecipher({
      inbound: {
        onPayload: (data) => (received += data.length),
        decipherInfo: cipherInfo,
        decipherKey: key,
        decipherIV: iv && Buffer.from(iv),
        seqno: 0,
        macInfo,
        macKey,
        forceNative,
      },
    });
    const started = process.hrtime.bigint();
    for (let i = 0; i < packets; i++) {
      const packet = cipher.allocPacket(payloadLen);
      payload.copy(packet, 5);
      cipher.encrypt(packet);
    }
    for (const chunk of wire) decipher.decrypt(chunk, 0, chunk.length);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (received !== packets * payloadLen) throw new Error(`${cipherName}: decrypted ${received} bytes`);
    rates.push((packets * payloadLen) / 1e6 / seconds);
  }
  return rates.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

await crypto.init;
if (!crypto.bindingAvailable) {
  console.error('ssh2-crypto: the native addon does not load under this Node: run `npm rebuild ssh2`');
  process.exit(1);
}
console.log(
  `Node ${process.version}, ${packets} packets of ${payloadLen} B, encrypt + decrypt, median of ${runs} (MB/s)`,
);
console.log(`${'cipher'.padEnd(48)} ${'addon'.padStart(8)} ${'JS path'.padStart(8)}`);
for (const [cipherName, macName] of CIPHERS) {
  const name = macName ? `${cipherName} + ${macName}` : cipherName;
  const addon = measure(cipherName, macName, false);
  const js = measure(cipherName, macName, true);
  console.log(`${name.padEnd(48)} ${addon.toFixed(0).padStart(8)} ${js.toFixed(0).padStart(8)}`);
}
