import { newProjectFrom } from '../../commands';
import { TEMPLATES, loadTemplate } from '../../templates';
import { useStore } from '../../store';

/** The ready designs as buttons; choosing one starts a new project from it. */
export function TemplatePicker({ onChosen }: { onChosen?: () => void }) {
  return (
    <ul className="template-list" aria-label="Templates">
      {TEMPLATES.map((template) => (
        <li key={template.id}>
          <button
            type="button"
            className="template"
            data-testid={`template-${template.id}`}
            onClick={() => {
              newProjectFrom(loadTemplate(template), template.title);
              onChosen?.();
            }}
          >
            <strong>{template.title}</strong>
            <span>{template.description}</span>
            <span className="muted">From: {template.source}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Shown over an empty canvas: start from a template, or draw from scratch with the palette. */
export function EmptyCanvasOffer() {
  const empty = useStore((s) => s.design.nodes.length === 0 && s.design.networks.length === 0);
  if (!empty) return null;
  return (
    <div className="empty-offer" data-testid="template-offer">
      <h2>Start from a template</h2>
      <p className="hint">Or draw from scratch: add nodes and networks from the palette on the left.</p>
      <TemplatePicker />
    </div>
  );
}
