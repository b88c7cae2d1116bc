/**
 * Pure checks used by the Electron glue (no `electron` import, so they are unit-tested in plain Node).
 */
import { APP_HOST, APP_SCHEME } from './window-options';

/** Pages Quorum may hand to the system browser: documentation it links to, nothing else. */
const EXTERNAL_ALLOWLIST = new Set([
  'docs.openstack.org',
  'docs.ceph.com',
  'mariadb.com',
  'galeracluster.com',
  'www.rabbitmq.com',
  'clusterlabs.org',
  'www.haproxy.org',
  'keepalived.readthedocs.io',
]);

/** True for an https URL whose host is on the allowlist. */
export function isAllowedExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && EXTERNAL_ALLOWLIST.has(parsed.hostname) && !parsed.username;
  } catch {
    return false;
  }
}

/**
 * True when a URL is on our own origin. Compared by scheme and host: WHATWG URLs give custom schemes an
 * opaque origin (`"null"`), so comparing `.origin` strings would refuse everything.
 */
function isAppUrl(url: URL): boolean {
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
}

/** True when an IPC message comes from our own page in the window's main frame. */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean): boolean {
  if (!isMainFrame || !frameUrl) return false;
  try {
    return isAppUrl(new URL(frameUrl));
  } catch {
    return false;
  }
}

/** Maps an `app://quorum/…` request to a file under `root`, or null when it would escape it. */
export function appRequestToFile(requestUrl: string, root: string, sep: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (!isAppUrl(url)) return null;
  const relative = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
  const parts = relative.split('/');
  if (parts.some((p) => p === '..' || p === '' || p.includes('\\') || p.includes('\0'))) return null;
  return root + sep + parts.join(sep);
}
