/**
 * Keyboard shortcuts of the Design tab. They apply when focus is not in a text field (where Ctrl+Z and
 * Delete belong to the field) and no dialog is open. The help overlay lists the same table.
 */
import { EMPTY_SELECTION } from '../../../../shared/design/topology';
import { autoLayout } from '../../canvas/auto-layout';
import { useStore } from '../../store';

/** What the help overlay shows: keys and what they do. */
export const SHORTCUTS: { keys: string; action: string }[] = [
  { keys: 'Ctrl+Z', action: 'Undo' },
  { keys: 'Ctrl+Shift+Z or Ctrl+Y', action: 'Redo' },
  {
    keys: 'Delete or Backspace',
    action: 'Delete the selection (NICs and VIPs on a deleted network go with it)',
  },
  { keys: 'Ctrl+C / Ctrl+V', action: 'Copy / paste nodes (new host names and addresses)' },
  { keys: 'Ctrl+X', action: 'Cut nodes' },
  { keys: 'Ctrl+D', action: 'Duplicate nodes' },
  { keys: 'Ctrl+A', action: 'Select every node and network' },
  { keys: 'Shift+drag / Shift+click', action: 'Select several' },
  { keys: 'L', action: 'Auto-layout' },
  { keys: 'F', action: 'Zoom to fit' },
  { keys: 'M', action: 'Show or hide the minimap' },
  { keys: 'Escape', action: 'Clear the selection, close this help' },
  { keys: '?', action: 'Show or hide this help' },
  { keys: 'Tab, Enter', action: 'Reach the palette, toolbar and inspector without a mouse' },
];

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName);
}

/** Binds the shortcuts to the window; returns the unbind function. */
export function bindCanvasShortcuts(view: { fitView: () => void }): () => void {
  const onKey = (event: KeyboardEvent) => {
    if (event.defaultPrevented || isTyping(event.target) || document.querySelector('dialog[open]')) return;
    const state = useStore.getState();
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    let handled = true;
    if (mod && key === 'z') (event.shiftKey ? state.redo : state.undo)();
    else if (mod && key === 'y') state.redo();
    else if (mod && key === 'c') state.copySelection();
    else if (mod && key === 'x') {
      state.copySelection();
      state.deleteSelection();
    } else if (mod && key === 'v') state.paste();
    else if (mod && key === 'd') {
      state.copySelection();
      useStore.getState().paste();
    } else if (mod && key === 'a')
      state.select({
        ...EMPTY_SELECTION,
        nodes: state.design.nodes.map((n) => n.id),
        networks: state.design.networks.map((n) => n.id),
      });
    else if (mod || event.altKey) handled = false;
    else if (key === 'delete' || key === 'backspace') state.deleteSelection();
    else if (key === 'l') state.updateDesign(autoLayout);
    else if (key === 'f') view.fitView();
    else if (key === 'm') state.setMinimapShown(!state.minimapShown);
    else if (event.key === '?') state.setHelpOpen(!state.helpOpen);
    else if (key === 'escape') {
      if (state.helpOpen) state.setHelpOpen(false);
      else state.select(EMPTY_SELECTION);
    } else handled = false;
    if (handled) event.preventDefault();
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
