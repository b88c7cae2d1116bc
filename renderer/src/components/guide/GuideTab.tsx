import { useEffect, useMemo, useRef } from 'react';
import type { Design } from '../../../../shared/design/schema';
import { buildGuide } from '../../../../shared/guide/build';
import { chapterProgress, stepsDoneInRun } from '../../../../shared/guide/progress';
import type { Guide } from '../../../../shared/guide/types';
import { compilePlan } from '../../../../shared/plan/compile';
import { runGuideStep } from '../../guide/actions';
import { useStore } from '../../store';
import { TerminalPanel } from '../deploy/TerminalPanel';
import { checkpointId } from '../../../../shared/guide/checkpoints';
import { ChapterList, type ChapterEntry } from './ChapterList';
import { Checkpoint } from './Checkpoint';
import { ConceptSectionView, StepSectionView } from './SectionView';
import '../plan/plan.css';
import './guide.css';

function build(design: Design): { guide: Guide | null; error: string | null } {
  try {
    return { guide: buildGuide(design, compilePlan(design)), error: null };
  } catch (error) {
    return { guide: null, error: error instanceof Error ? error.message : String(error) };
  }
}

const NO_PROGRESS: readonly string[] = [];

/** Keys typed into these never turn chapters. */
function typingInto(target: EventTarget): boolean {
  return target instanceof HTMLElement && !!target.closest('input, textarea, select, .xterm');
}

/**
 * The Guide tab: the HA guide written for the open design. Chapters on the left (concepts, then one per
 * plan phase) with their progress; the chapter's sections on the right, each step with "Run it for me"
 * and, once a step runs, its output in the terminal beside the text.
 */
export function GuideTab() {
  const design = useStore((s) => s.design);
  const selected = useStore((s) => s.guideChapter);
  const setChapter = useStore((s) => s.setGuideChapter);
  const stored = useStore((s) => s.guideProgress[s.design.name] ?? NO_PROGRESS);
  const markDone = useStore((s) => s.markGuideDone);
  const resetProgress = useStore((s) => s.resetGuideProgress);
  const run = useStore((s) => s.run);
  const deployPlan = useStore((s) => s.deployPlan);
  const guideRun = useStore((s) => s.guideRun);
  const shellCount = useStore((s) => s.shells.length);
  const content = useRef<HTMLDivElement>(null);
  const { guide, error } = useMemo(() => build(design), [design]);

  const done = useMemo(() => {
    // Steps a run of this design finished count too (the Deploy tab's, or an earlier guide run's).
    const fromRun = deployPlan?.designName === design.name ? stepsDoneInRun(run) : [];
    return new Set([...stored, ...fromRun]);
  }, [stored, run, deployPlan, design.name]);

  const entries: ChapterEntry[] = useMemo(
    () =>
      (guide?.chapters ?? []).map((chapter) => ({
        chapter,
        ...chapterProgress(chapter, done),
        passed: done.has(checkpointId(chapter.id)),
      })),
    [guide, done],
  );
  const index = Math.max(
    0,
    entries.findIndex((e) => e.chapter.id === selected),
  );
  const chapter = entries[index]?.chapter;

  useEffect(() => {
    content.current?.scrollTo?.({ top: 0 });
  }, [chapter?.id]);

  // n and p turn chapters wherever the focus is on this tab, except while typing or in a dialog.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || useStore.getState().dialog) return;
      if (!event.target || typingInto(event.target)) return;
      const delta = event.key === 'n' ? 1 : event.key === 'p' ? -1 : 0;
      const next = delta ? entries[index + delta] : undefined;
      if (next) setChapter(next.chapter.id);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [entries, index, setChapter]);

  if (error || !guide) {
    return (
      <section className="card" data-testid="guide-error">
        <h2>The guide cannot be written for this design</h2>
        <p>{error}</p>
      </section>
    );
  }
  if (design.nodes.length === 0 || !chapter) {
    return (
      <section className="card" data-testid="guide-empty">
        <h2>No nodes yet</h2>
        <p className="muted">
          Draw nodes on the Design tab (or start from a template) and the HA guide for that design appears
          here.
        </p>
      </section>
    );
  }

  const go = (delta: number) => {
    const next = entries[index + delta];
    if (next) setChapter(next.chapter.id);
  };
  const hostnames = new Map(design.nodes.map((n) => [n.id, n.hostname]));
  const running = run?.status === 'running' || run?.status === 'stopping';
  const showTerminal = guideRun !== null || shellCount > 0;
  const progress = entries[index]!;
  return (
    <div className="guide" data-testid="guide">
      <ChapterList entries={entries} selected={chapter.id} onSelect={setChapter} />
      <div className={`guide-body${showTerminal ? ' guide-body-terminal' : ''}`}>
        <article
          className="guide-chapter"
          id="guide-chapter-panel"
          role="tabpanel"
          aria-labelledby={`guide-chapter-${chapter.id}`}
          ref={content}
          data-testid={`guide-chapter-${chapter.id}`}
        >
          <header className="guide-chapter-head">
            <h2>
              {index === 0 ? '' : `${index}. `}
              {chapter.title}
            </h2>
            <p className="muted" data-testid="guide-chapter-progress">
              {progress.done} of {progress.total} {chapter.phase ? 'steps done' : 'sections read'}
              {progress.complete ? ' — chapter complete' : ''}
            </p>
          </header>
          <p>{chapter.intro}</p>
          {chapter.labLimits.length > 0 && (
            <div className="guide-lab-limits" role="note" data-testid="guide-lab-limits">
              <strong>What a training lab cannot show here</strong>
              <ul>
                {chapter.labLimits.map((l) => (
                  <li key={l}>{l}</li>
                ))}
              </ul>
            </div>
          )}
          {chapter.phase && (
            <p className="muted guide-hint">
              “Run it for me” runs one step on these nodes with the Deploy tab’s credentials and host keys
              (set them and run preflight there first). Secrets appear masked as «secret:NAME».
            </p>
          )}
          {chapter.sections.map((section) =>
            section.kind === 'concept' ? (
              <ConceptSectionView
                key={section.id}
                section={section}
                read={done.has(section.id)}
                onRead={() => markDone(design.name, [section.id])}
              />
            ) : (
              <StepSectionView
                key={section.id}
                section={section}
                done={done.has(section.id)}
                tasks={
                  guideRun?.step === section.id && run?.runId === guideRun.runId
                    ? (run.tasks[section.id] ?? null)
                    : null
                }
                hostnames={hostnames}
                busy={running}
                onRun={() => void runGuideStep(section.id)}
              />
            ),
          )}
          {chapter.phase && <Checkpoint chapter={chapter.id} passed={done.has(checkpointId(chapter.id))} />}
          <footer className="guide-chapter-foot">
            <button type="button" disabled={index === 0} onClick={() => go(-1)}>
              ← Previous chapter
            </button>
            <span className="muted">
              Keys: ↑/↓ in the chapter list, n and p for the next and previous chapter
            </span>
            <button type="button" disabled={index === entries.length - 1} onClick={() => go(1)}>
              Next chapter →
            </button>
          </footer>
          <p>
            <button type="button" onClick={() => resetProgress(design.name)} disabled={stored.length === 0}>
              Reset progress for this design
            </button>
          </p>
        </article>
        {showTerminal && (
          <aside className="guide-terminal" aria-label="Step output">
            <TerminalPanel />
          </aside>
        )}
      </div>
    </div>
  );
}
