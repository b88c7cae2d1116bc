declare const __QUORUM_VERSION__: string | undefined;

/** The app's version, injected at build time from package.json. */
export const QUORUM_VERSION: string =
  typeof __QUORUM_VERSION__ === 'string' ? __QUORUM_VERSION__ : '0.0.0-dev';
