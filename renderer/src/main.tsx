import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { startSession } from './session';
import { startLiveValidation } from './validation';
import './styles.css';

const root = createRoot(document.getElementById('root') as HTMLElement);

startSession().then(
  () => {
    startLiveValidation();
    root.render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  },
  (error: unknown) =>
    root.render(
      <main className="fatal" role="alert">
        <h1>Quorum cannot start</h1>
        <p>{error instanceof Error ? error.message : String(error)}</p>
      </main>,
    ),
);
