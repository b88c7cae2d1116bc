/**
 * Live validation: re-runs the HA rules a moment after the design stops changing, so the Validate tab's
 * badge follows the user's edits without ever running on a keystroke.
 */
import { validate } from '../../shared/rules/validate';
import { useStore } from './store';

/** Wait this long after the last edit: longer than a typing burst's gaps, short enough to feel live. */
export const VALIDATE_DEBOUNCE_MS = 250;

/** Validates the current design now and after every change (debounced). Returns a stop function. */
export function startLiveValidation(): () => void {
  let timer: number | undefined;
  const run = () => {
    const { design, setFindings } = useStore.getState();
    setFindings(design, validate(design));
  };
  run();
  const unsubscribe = useStore.subscribe((state, previous) => {
    if (state.design === previous.design) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(run, VALIDATE_DEBOUNCE_MS);
  });
  return () => {
    window.clearTimeout(timer);
    unsubscribe();
  };
}
