// electron-builder's afterPack hook: sets Electron's fuses in the packed executable, before electron-builder
// signs it (macOS, Windows). The settings close the ways to run the app's binary as something else:
//   RunAsNode off                      ELECTRON_RUN_AS_NODE=1 would turn the signed app into a plain Node
//   NODE_OPTIONS and --inspect off     no code injection through the environment or a debugger port
//   asar integrity and asar-only on    the app runs only the app.asar that was packed (macOS, Windows check it)
//   cookie encryption on               the session's cookies are encrypted with the OS keyring's key
//   file:// extra privileges off       the app is served from app://, file: needs no special powers
// strictlyRequireAllFuses: a newer Electron with a fuse not listed here fails the build until it is decided.
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';
import { Arch } from 'electron-builder';
import { join } from 'node:path';

export const FUSES = {
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  [FuseV1Options.WasmTrapHandlers]: true,
};

/** The file that holds the fuse wire in a packed app (a macOS .app is resolved by @electron/fuses). */
export function packedExecutable({ appOutDir, electronPlatformName, packager }) {
  const name = packager.appInfo.productFilename;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${name}.app`);
    case 'win32':
      return join(appOutDir, `${name}.exe`);
    default:
      return join(appOutDir, packager.executableName);
  }
}

export async function afterPack(context) {
  const executable = packedExecutable(context);
  await flipFuses(executable, {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    // Arm64 macOS refuses a binary whose ad-hoc signature no longer matches; a real signature follows.
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === Arch.arm64,
    ...FUSES,
  });
}

export default afterPack;
