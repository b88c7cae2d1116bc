import { useId, useState, type FormEvent } from 'react';
import { suggestedFileName } from '../../../../shared/design/edit';
import { saveProjectTo } from '../../commands';
import { useStore } from '../../store';
import { Modal } from './Modal';

/** Save As where the host has no native dialog: a path on the backend's machine. */
export function SaveAsDialog() {
  const closeDialog = useStore((s) => s.closeDialog);
  const initial = useStore(
    (s) => s.path ?? `${s.appInfo?.projectsDir ?? '~/Quorum'}/${suggestedFileName(s.design.name)}`,
  );
  const [path, setPath] = useState(initial);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!path.trim()) return;
    setBusy(true);
    await saveProjectTo(path.trim());
    setBusy(false);
  };
  return (
    <Modal
      title="Save project as"
      testId="save-dialog"
      onClose={closeDialog}
      footer={
        <>
          <button type="button" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" form={`${inputId}-form`} className="primary" disabled={busy || !path.trim()}>
            Save
          </button>
        </>
      }
    >
      <form id={`${inputId}-form`} onSubmit={(e) => void submit(e)} className="field">
        <label htmlFor={inputId}>Path on the Quorum host</label>
        <input id={inputId} autoFocus value={path} onChange={(e) => setPath(e.target.value)} />
        <span className="hint">
          A relative path goes into the projects folder; “.quorum” is added if there is no extension.
        </span>
      </form>
    </Modal>
  );
}
