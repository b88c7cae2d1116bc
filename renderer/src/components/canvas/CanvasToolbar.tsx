import { useStore } from '../../store';
import { autoLayout } from '../../canvas/auto-layout';
import { exportPng, exportSvg } from '../../canvas/export-drawing';
import { SHORTCUTS } from './shortcuts';

/** Undo/redo, layout, zoom, export and help, above the canvas. */
export function CanvasToolbar({ onImportSsh }: { onImportSsh: () => void }) {
  const canUndo = useStore((s) => s.history.past.length > 0);
  const canRedo = useStore((s) => s.history.future.length > 0);
  const problem = useStore((s) => s.canvasProblem);
  const simulate = useStore((s) => s.simulateOnCanvas);
  const placement = useStore((s) => s.placementShown);
  const state = useStore.getState;
  return (
    <div className="canvas-toolbar" role="toolbar" aria-label="Canvas">
      <button type="button" onClick={() => state().undo()} disabled={!canUndo} title="Undo (Ctrl+Z)">
        Undo
      </button>
      <button type="button" onClick={() => state().redo()} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)">
        Redo
      </button>
      <button type="button" onClick={() => state().updateDesign(autoLayout)} title="Auto-layout (L)">
        Auto-layout
      </button>
      <button
        type="button"
        onClick={() => window.dispatchEvent(new Event('quorum:fit-view'))}
        title="Zoom to fit (F)"
      >
        Zoom to fit
      </button>
      <button type="button" onClick={() => exportSvg(state().design)}>
        Export SVG
      </button>
      <button
        type="button"
        onClick={() =>
          void exportPng(state().design).catch((e: Error) => state().setCanvasProblem(e.message))
        }
      >
        Export PNG
      </button>
      <button type="button" onClick={onImportSsh}>
        Import SSH hosts…
      </button>
      <button
        type="button"
        aria-pressed={simulate}
        className={simulate ? 'primary' : undefined}
        onClick={() => state().setSimulateOnCanvas(!simulate)}
        title="Click hosts and networks to fail them and see what survives"
      >
        Simulate failures
      </button>
      <button
        type="button"
        aria-pressed={placement}
        className={placement ? 'primary' : undefined}
        onClick={() => state().setPlacementShown(!placement)}
        title="Show on each host which services run there, who votes and who holds each VIP"
      >
        Where it runs
      </button>
      <button
        type="button"
        className="icon"
        onClick={() => state().setHelpOpen(true)}
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
      >
        ?
      </button>
      {problem && (
        <span className="canvas-problem" role="alert" data-testid="canvas-problem">
          {problem}
          <button
            type="button"
            className="link"
            onClick={() => state().setCanvasProblem(null)}
            aria-label="Dismiss"
          >
            ×
          </button>
        </span>
      )}
    </div>
  );
}

/** The keyboard shortcut overlay (? to open, Escape to close). */
export function ShortcutHelp() {
  const open = useStore((s) => s.helpOpen);
  const setHelpOpen = useStore((s) => s.setHelpOpen);
  if (!open) return null;
  return (
    <div className="shortcut-help" role="dialog" aria-label="Keyboard shortcuts" data-testid="shortcut-help">
      <h2>Keyboard shortcuts</h2>
      <table>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <th scope="row">
                <kbd>{s.keys}</kbd>
              </th>
              <td>{s.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => setHelpOpen(false)}>
        Close
      </button>
    </div>
  );
}
