import { Suspense } from 'react';
import { useStore } from '../store';
import { Header } from './Header';
import { TabBar } from './TabBar';
import { StatusBar } from './StatusBar';
import { RecoveryBanner } from './RecoveryBanner';
import { DialogHost } from './dialogs/DialogHost';
import { TAB_CONTENT } from './tabs';

export function App() {
  const tab = useStore((s) => s.tab);
  const connection = useStore((s) => s.connection);
  const Content = TAB_CONTENT[tab];
  return (
    <div className="app">
      <Header />
      {connection === 'lost' && (
        <div className="banner banner-error" role="alert">
          Lost the connection to the Quorum backend; reconnecting… Your design is kept in this window.
        </div>
      )}
      <RecoveryBanner />
      <TabBar />
      <main className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        <Suspense
          fallback={
            <p className="muted tab-loading" role="status">
              Loading…
            </p>
          }
        >
          <Content />
        </Suspense>
      </main>
      <StatusBar />
      <DialogHost />
    </div>
  );
}
