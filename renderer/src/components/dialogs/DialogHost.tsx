import { useStore } from '../../store';
import { Modal } from './Modal';
import { OpenDialog } from './OpenDialog';
import { SaveAsDialog } from './SaveAsDialog';

export function DialogHost() {
  const dialog = useStore((s) => s.dialog);
  const closeDialog = useStore((s) => s.closeDialog);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'open':
      return <OpenDialog />;
    case 'save-as':
      return <SaveAsDialog />;
    case 'problems':
      return (
        <Modal
          title={dialog.title}
          testId="problems-dialog"
          onClose={closeDialog}
          footer={
            <button type="button" className="primary" autoFocus onClick={closeDialog}>
              Close
            </button>
          }
        >
          <p>{dialog.message}</p>
          {dialog.problems.length > 0 && (
            <ul className="problems" aria-label="Problems">
              {dialog.problems.map((p, i) => (
                <li key={`${p.path}-${i}`} data-testid="problem">
                  <code>{p.path}</code>: {p.message}
                </li>
              ))}
            </ul>
          )}
          {dialog.footnote && <p className="muted">{dialog.footnote}</p>}
        </Modal>
      );
    case 'confirm':
      return (
        <Modal
          title={dialog.title}
          testId="confirm-dialog"
          onClose={closeDialog}
          footer={
            <>
              <button type="button" autoFocus onClick={closeDialog}>
                Cancel
              </button>
              <button
                type="button"
                className="danger"
                onClick={() => {
                  closeDialog();
                  dialog.onConfirm();
                }}
              >
                {dialog.confirmLabel}
              </button>
            </>
          }
        >
          <p>{dialog.message}</p>
        </Modal>
      );
  }
}
