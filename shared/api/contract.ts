/**
 * The one contract between the renderer and the backend: every operation the renderer may ask for (with
 * zod schemas for its input and output) and every event stream the backend may push. Both transports
 * (Electron IPC and the browser WebSocket) are generated from these tables, so they cannot drift.
 */
import type { z } from 'zod';
import { projectEvents, projectOperations } from './operations/project';
import { sshConfigOperations } from './operations/ssh-config';
import { deployEvents, deployOperations } from './operations/deploy';
import { verifyEvents, verifyOperations } from './operations/verify';
import { runbookOperations } from './operations/runbook';
import { drillEvents, drillOperations } from './operations/drill';

export { AppInfo, Autosave, MenuCommand, ProjectEntry } from './operations/project';

/**
 * Every operation: name → input and output schema. Names are what `window.quorum` exposes. Each domain
 * keeps its operations in `operations/<domain>.ts`; this table only merges them.
 */
export const operations = {
  ...projectOperations,
  ...sshConfigOperations,
  ...deployOperations,
  ...verifyOperations,
  ...runbookOperations,
  ...drillOperations,
} as const;

/** Every event stream: name → payload schema. The bridge exposes `on<Name>(listener) → unsubscribe`. */
export const events = {
  ...projectEvents,
  ...deployEvents,
  ...verifyEvents,
  ...drillEvents,
} as const;

export type Operations = typeof operations;
export type OperationName = keyof Operations;
export type OperationInput<K extends OperationName> = z.input<Operations[K]['input']>;
export type OperationOutput<K extends OperationName> = z.infer<Operations[K]['output']>;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;

export const OPERATION_NAMES = Object.keys(operations) as OperationName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isOperationName(name: unknown): name is OperationName {
  return typeof name === 'string' && Object.hasOwn(operations, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/** `menuCommand` → `onMenuCommand`. */
export function subscriptionKey<E extends EventName>(event: E): `on${Capitalize<E>}` {
  return `on${event.charAt(0).toUpperCase()}${event.slice(1)}` as `on${Capitalize<E>}`;
}
