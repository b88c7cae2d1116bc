import { api } from '../api';
import { useStore } from '../store';

/** Offers back work that was never saved (the app crashed or was closed with changes). */
export function RecoveryBanner() {
  const recovery = useStore((s) => s.recovery);
  if (!recovery) return null;
  const when = new Date(recovery.savedAt).toLocaleString();
  const restore = () => {
    const state = useStore.getState();
    state.loadProject(recovery.design, recovery.path, { dirty: true });
    state.setRecovery(null);
    state.showNotice(`Restored unsaved work from ${when}`);
  };
  const discard = () => {
    useStore.getState().setRecovery(null);
    void api()
      .clearAutosave({})
      .catch(() => undefined);
  };
  return (
    <div className="banner banner-info" role="alert" data-testid="recovery-banner">
      <span>
        Unsaved changes to “{recovery.design.name}” from {when} were found
        {recovery.path ? ` (${recovery.path})` : ''}. Autosave resumes once you restore or discard it.
      </span>
      <button type="button" className="primary" onClick={restore}>
        Restore
      </button>
      <button type="button" onClick={discard}>
        Discard
      </button>
    </div>
  );
}
