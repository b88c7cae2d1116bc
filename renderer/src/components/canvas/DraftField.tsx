import { useId, useState } from 'react';
import type { Design } from '../../../../shared/design/schema';
import { useStore } from '../../store';

export interface DraftFieldProps {
  label: string;
  value: string;
  /** Why the text cannot be used, or null. Checked on every keystroke. */
  check?: (text: string) => string | null;
  /** The edit to apply when the text is valid. */
  commit: (design: Design, text: string) => Design;
  /** Keystrokes with the same key are one undo step. */
  historyKey: string;
  placeholder?: string;
  ariaLabel?: string;
  inputMode?: 'numeric' | 'text';
}

/**
 * A text field bound to the design. Valid text is applied as you type; invalid text stays in the field with
 * the reason below it, and the design keeps its last valid value (so it always matches the schema).
 */
export function DraftField({
  label,
  value,
  check,
  commit,
  historyKey,
  placeholder,
  ariaLabel,
  inputMode,
}: DraftFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const updateDesign = useStore((s) => s.updateDesign);
  const sealHistory = useStore((s) => s.sealHistory);
  const shown = draft ?? value;
  const problem = draft !== null ? (check?.(draft) ?? null) : null;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={shown}
        placeholder={placeholder}
        inputMode={inputMode}
        aria-label={ariaLabel}
        aria-invalid={problem !== null}
        aria-describedby={problem ? `${id}-error` : undefined}
        spellCheck={false}
        onChange={(event) => {
          const text = event.target.value;
          const reason = check?.(text) ?? null;
          if (reason) return setDraft(text);
          setDraft(null);
          if (text !== value) updateDesign((d) => commit(d, text), historyKey);
        }}
        onBlur={sealHistory}
      />
      {problem && (
        <span className="field-error" id={`${id}-error`} role="alert">
          {problem}
          {value ? ` — the design keeps ${value}` : ''}
        </span>
      )}
    </div>
  );
}
