import { useState } from 'react';
import type { StepCheckNode } from '../../../../shared/api/operations/deploy';
import type { TaskState } from '../../../../shared/deploy/run-state';
import type { ConceptSection, GuideAction, GuideSource, StepSection } from '../../../../shared/guide/types';
import { checkGuideStep, openGuideShell } from '../../guide/actions';
import { SYMBOL } from '../deploy/StepList';
import { CodeBlock } from '../plan/CodeBlock';
import { languageOf } from '../plan/Highlighted';

function Source({ source }: { source: GuideSource }) {
  return (
    <span>
      {source.source} — {source.section}
    </span>
  );
}

function ActionView({ action }: { action: GuideAction }) {
  switch (action.kind) {
    case 'command':
      return (
        <CodeBlock
          className="guide-action"
          head={`Run${action.sudo ? ' as root' : ''}`}
          text={action.command}
          language="sh"
        />
      );
    case 'file':
      return (
        <CodeBlock
          className="guide-action plan-file"
          head={`Write ${action.path}`}
          note={`${action.owner}:${action.group} ${action.mode}`}
          text={action.content}
          language={languageOf(action.path)}
        />
      );
    case 'check':
      return (
        <CodeBlock
          className="guide-action plan-file"
          head={`Check${action.description ? `: ${action.description}` : ''}`}
          note={`expects ${action.expects}`}
          text={action.command}
          language="sh"
        />
      );
  }
}

/** A concepts section: the idea, what it means for this design, and where it comes from. */
export function ConceptSectionView({
  section,
  read,
  onRead,
}: {
  section: ConceptSection;
  read: boolean;
  onRead: () => void;
}) {
  return (
    <section
      className="guide-section card"
      data-testid={`guide-section-${section.id}`}
      aria-label={section.title}
    >
      <header className="guide-section-head">
        <h3>{section.title}</h3>
        {read && <span className="guide-done">✔ Read</span>}
      </header>
      {section.paragraphs.map((p) => (
        <p key={p}>{p}</p>
      ))}
      {section.inThisDesign.length > 0 && (
        <>
          <h4>In this design</h4>
          <ul>
            {section.inThisDesign.map((fact) => (
              <li key={fact}>{fact}</li>
            ))}
          </ul>
        </>
      )}
      <h4>Sources</h4>
      <ul className="guide-sources muted">
        {section.sources.map((s) => (
          <li key={`${s.source}|${s.section}`}>
            <Source source={s} />
          </li>
        ))}
      </ul>
      {!read && (
        <button type="button" onClick={onRead}>
          Mark as read
        </button>
      )}
    </section>
  );
}

/** What "Check" found on each node: done, or what differs. */
function CheckResults({ nodes }: { nodes: StepCheckNode[] }) {
  return (
    <ul className="guide-check" aria-label="Check results" data-testid="guide-check">
      {nodes.map((n) => (
        <li key={n.node} className={n.done ? 'task-ok' : 'task-failed'} data-testid={`guide-check-${n.node}`}>
          <strong>
            {n.done ? '✔' : '✖'} {n.hostname}: {n.done ? 'done' : n.error ? 'could not check' : 'not done'}
          </strong>
          {n.error && <span> — {n.error}</span>}
          {!n.done && (
            <ul>
              {n.findings
                .filter((f) => !f.ok)
                .map((f, i) => (
                  <li key={i}>{f.detail ?? f.what}</li>
                ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}

/** "I'll do it myself": a shell on each node of the step, and "Check" when the trainee is done. */
function ByHand({ section }: { section: StepSection }) {
  const [results, setResults] = useState<StepCheckNode[] | null>(null);
  const [checking, setChecking] = useState(false);
  const check = async () => {
    setChecking(true);
    setResults(await checkGuideStep(section.id));
    setChecking(false);
  };
  return (
    <div className="guide-by-hand" aria-label="Do it yourself">
      <p className="muted">
        Type the commands and write the files shown above in a shell on{' '}
        {section.nodes.length === 1 ? 'the node' : 'each node'}, then ask Quorum to check.
      </p>
      <div className="guide-step-actions">
        {section.nodeIds.map((id, i) => (
          <button key={id} type="button" onClick={() => void openGuideShell(id)}>
            Shell on {section.nodes[i]}
          </button>
        ))}
        <button type="button" disabled={checking} onClick={() => void check()}>
          {checking ? 'Checking…' : 'Check'}
        </button>
      </div>
      {results && <CheckResults nodes={results} />}
    </div>
  );
}

/** A plan step: what and why, where, the exact commands and files, the source, and what done looks like. */
export function StepSectionView({
  section,
  done,
  tasks,
  hostnames,
  busy,
  onRun,
}: {
  section: StepSection;
  done: boolean;
  /** This step's tasks in the guide's current run, when it is the step being run. */
  tasks: Record<string, TaskState> | null;
  hostnames: ReadonlyMap<string, string>;
  /** A run is going on: another cannot start. */
  busy: boolean;
  onRun: () => void;
}) {
  const [byHand, setByHand] = useState(false);
  return (
    <section
      className="guide-section card"
      data-testid={`guide-section-${section.id}`}
      aria-label={section.title}
    >
      <header className="guide-section-head">
        <h3>{section.title}</h3>
        {!section.rerunSafe && <span className="plan-badge plan-badge-once">runs once</span>}
        <code className="plan-step-id">{section.id}</code>
        {done && <span className="guide-done">✔ Done</span>}
      </header>
      <p>{section.why}</p>
      <p className="guide-where">
        <strong>On {section.nodes.join(', ')}</strong> <span className="muted">({section.order})</span>
      </p>
      {section.actions.map((action, i) => (
        <ActionView key={i} action={action} />
      ))}
      <h4>Done when</h4>
      <ul className="guide-done-list">
        {section.done.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {section.source && (
        <p className="guide-sources muted">
          From: <Source source={section.source} />
        </p>
      )}
      <div className="guide-step-actions">
        <button type="button" className="primary" disabled={busy} onClick={onRun}>
          Run it for me
        </button>
        <button type="button" aria-expanded={byHand} onClick={() => setByHand(!byHand)}>
          I’ll do it myself
        </button>
        {tasks && (
          <ul className="step-nodes" aria-label="Status on each node">
            {Object.entries(tasks).map(([node, task]) => (
              <li
                key={node}
                className={`task task-${task.status}`}
                data-testid={`guide-task-${node}`}
                data-status={task.status}
              >
                <span aria-hidden="true">{SYMBOL[task.status]}</span> {hostnames.get(node) ?? node}:{' '}
                {task.status}
                {task.byGuard ? ' (already done)' : ''}
                {task.message && task.status !== 'ok' ? ` — ${task.message}` : ''}
              </li>
            ))}
          </ul>
        )}
      </div>
      {byHand && <ByHand section={section} />}
    </section>
  );
}
