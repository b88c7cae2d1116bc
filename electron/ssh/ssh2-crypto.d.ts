/** ssh2's crypto module: `bindingAvailable` is false when its native add-on did not load. */
declare module 'ssh2/lib/protocol/crypto.js' {
  const crypto: { readonly bindingAvailable: boolean };
  export default crypto;
}
