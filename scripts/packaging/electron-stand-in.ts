/**
 * A STAND-IN for Electron's unpacked distribution, for packaging tests on machines where the Electron
 * binary cannot be downloaded. It is NOT Electron: its "executable" is a shell script that says so and
 * exits 1. It carries what electron-builder and @electron/fuses read: the fuse wire behind its sentinel
 * (with Electron's default states, so the test sees the afterPack hook change them), a LICENSE and a
 * version file.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The marker Electron puts before its fuse wire (@electron/fuses searches for it; not exported there). */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** Electron 45's fuses as shipped, by FuseV1Options index: RunAsNode … WasmTrapHandlers. */
export const ELECTRON_DEFAULT_WIRE = '101100011';

/** Writes the stand-in into `parent`/electron-stand-in-not-electron and returns that folder. */
export function writeElectronStandIn(parent: string, version: string): string {
  const dir = join(parent, 'electron-stand-in-not-electron');
  mkdirSync(join(dir, 'resources'), { recursive: true });
  const script =
    '#!/bin/sh\necho "stand-in for Electron (packaging tests): not a real Electron" >&2\nexit 1\n';
  const wire = Buffer.concat([
    Buffer.from(SENTINEL),
    Buffer.from([1, ELECTRON_DEFAULT_WIRE.length]),
    Buffer.from(ELECTRON_DEFAULT_WIRE),
  ]);
  // After `exit 1` the shell never reads the wire bytes.
  writeFileSync(join(dir, 'electron'), Buffer.concat([Buffer.from(script), wire, Buffer.from('\n')]));
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'LICENSE'), 'Stand-in for the Electron distribution: not Electron.\n');
  writeFileSync(join(dir, 'version'), version);
  return dir;
}
