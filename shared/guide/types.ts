/**
 * The guide as data: chapters in the HA guide's order, each a list of sections a trainee reads (and, for
 * plan steps, runs or does by hand). Built by `buildGuide` from a design and its compiled plan; the Guide tab
 * renders it and a printable handout could render the same model.
 */
import type { Phase } from '../plan/types';

/** Where a section comes from: a section of the HA guide, the book or the field report. */
export interface GuideSource {
  source: string;
  section: string;
  url?: string;
}

/** One thing a step does, with this design's names and addresses; secrets shown masked. */
export type GuideAction =
  | { kind: 'command'; command: string; sudo: boolean }
  | { kind: 'file'; path: string; owner: string; group: string; mode: string; content: string }
  | { kind: 'check'; command: string; expects: string; description: string | null };

/** A section that teaches an idea (the concepts chapter): paragraphs, and facts about this design. */
export interface ConceptSection {
  kind: 'concept';
  id: string;
  title: string;
  paragraphs: string[];
  /** What the idea means for the open design, e.g. "3 Galera voters: quorum is 2". */
  inThisDesign: string[];
  sources: GuideSource[];
}

/** A section for one plan step: what and why, where, how, and what "done" looks like. */
export interface StepSection {
  kind: 'step';
  /** The plan step's id (also the section's id), so the runner can run exactly this step. */
  id: string;
  title: string;
  why: string;
  /** Host names of the nodes it runs on, in design order. */
  nodes: string[];
  /** The same nodes' ids (for a shell on one of them). */
  nodeIds: string[];
  /** How it runs across them, in plain words. */
  order: string;
  actions: GuideAction[];
  source: GuideSource | null;
  /** What "done" looks like, one sentence each: the checks it ends with, its guard, else exit 0. */
  done: string[];
  /** Running it twice does no harm. */
  rerunSafe: boolean;
}

export type GuideSection = ConceptSection | StepSection;

/** One chapter: the concepts, or one plan phase. */
export interface GuideChapter {
  /** `concepts`, or the phase name. */
  id: string;
  title: string;
  phase: Phase | null;
  /** One paragraph on what the chapter builds. */
  intro: string;
  /** What a training lab (containers on one kernel) cannot show in this chapter, said plainly. */
  labLimits: string[];
  sections: GuideSection[];
}

/** The whole guide for one design. */
export interface Guide {
  designName: string;
  chapters: GuideChapter[];
}
