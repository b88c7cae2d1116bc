import { useStore } from '../store';

export function StatusBar() {
  const notice = useStore((s) => s.notice);
  const connection = useStore((s) => s.connection);
  const info = useStore((s) => s.appInfo);
  return (
    <footer className="statusbar">
      <span role="status" data-testid="notice">
        {notice}
      </span>
      <span className="statusbar-right">
        <span className={`conn conn-${connection}`}>
          {connection === 'open' ? 'Connected' : connection === 'lost' ? 'Disconnected' : 'Connecting…'}
        </span>
        {info && (
          <span>
            Quorum {info.version} · {info.host === 'web' ? 'browser mode' : 'desktop'}
          </span>
        )}
      </span>
    </footer>
  );
}
