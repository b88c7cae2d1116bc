import type { ReactNode } from 'react';
import { Highlighted } from './Highlighted';

/** A command, file or check as the Plan and Guide tabs show it: a head line (and its muted note) over the text. */
export function CodeBlock({
  head,
  note,
  text,
  language,
  className = 'plan-file',
}: {
  head: ReactNode;
  note?: ReactNode;
  text: string;
  language: 'sh' | 'ini' | 'conf';
  className?: string;
}) {
  return (
    <div className={className}>
      <div className="plan-file-head">
        <span>{head}</span>
        {note !== undefined && <span className="muted">{note}</span>}
      </div>
      <Highlighted text={text} language={language} />
    </div>
  );
}
