import type { z } from 'zod';
import {
  events,
  isEventName,
  isOperationName,
  operations,
  type EventName,
  type EventPayload,
  type OperationName,
  type OperationOutput,
  type Operations,
} from './contract';
import { ApiError, type Result } from './result';
import { problemsFromIssues } from '../design/project-file';

/** The backend's implementation of every operation. Inputs arrive parsed (defaults filled in). */
export type Handlers<Ctx> = HandlersFor<OperationName, Ctx>;

/** Handlers for some of the operations (one domain's module provides its own). */
export type HandlersFor<Names extends OperationName, Ctx> = {
  [K in Names]: (
    input: z.infer<Operations[K]['input']>,
    context: Ctx,
  ) => Promise<OperationOutput<K>> | OperationOutput<K>;
};

type Listener = (payload: unknown) => void;

/** Where the backend publishes events; payloads are checked against the contract before delivery. */
export interface EventHub {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  subscribe(event: EventName, listener: Listener): () => void;
  listenerCount(event: EventName): number;
}

/** A hub that delivers each event synchronously to the current listeners of that stream. */
export function createEventHub(): EventHub {
  const listeners = new Map<EventName, Set<Listener>>();
  return {
    emit(event, payload) {
      const parsed = events[event].parse(payload);
      for (const listener of [...(listeners.get(event) ?? [])]) listener(parsed);
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => void set.delete(listener);
    },
    listenerCount(event) {
      return listeners.get(event)?.size ?? 0;
    },
  };
}

/** Turns `{operation, input}` from an untrusted caller into a validated call, and manages subscriptions. */
export interface Dispatcher<Ctx> {
  invoke(operation: unknown, input: unknown, context: Ctx): Promise<Result<unknown>>;
  subscribe(event: unknown, listener: Listener): Result<() => void>;
}

function errorResult(error: unknown): Result<never> {
  if (error instanceof ApiError) return { ok: false, error: error.toShape() };
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { code: 'internal', message } };
}

/**
 * The single dispatcher both transports use. Unknown operations and inputs that fail their schema are
 * refused before any handler runs; outputs are checked too, so a backend bug surfaces as `bad-output`
 * instead of reaching the renderer as a wrongly shaped value.
 */
export function createDispatcher<Ctx>(handlers: Handlers<Ctx>, hub: EventHub): Dispatcher<Ctx> {
  return {
    async invoke(operation, input, context) {
      if (!isOperationName(operation)) {
        return {
          ok: false,
          error: { code: 'unknown-operation', message: `unknown operation ${JSON.stringify(operation)}` },
        };
      }
      const spec = operations[operation];
      const parsedInput = spec.input.safeParse(input ?? {});
      if (!parsedInput.success) {
        const problems = problemsFromIssues(parsedInput.error.issues, input);
        return {
          ok: false,
          error: {
            code: 'bad-input',
            message: `${operation}: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
            problems,
          },
        };
      }
      try {
        const handler = handlers[operation] as (input: unknown, context: Ctx) => unknown;
        const output = await handler(parsedInput.data, context);
        const parsedOutput = spec.output.safeParse(output);
        if (!parsedOutput.success) {
          const problems = problemsFromIssues(parsedOutput.error.issues, output);
          return {
            ok: false,
            error: { code: 'bad-output', message: `${operation} returned a malformed result`, problems },
          };
        }
        return { ok: true, value: parsedOutput.data };
      } catch (error) {
        return errorResult(error);
      }
    },
    subscribe(event, listener) {
      if (!isEventName(event)) {
        return {
          ok: false,
          error: { code: 'unknown-event', message: `unknown event ${JSON.stringify(event)}` },
        };
      }
      return { ok: true, value: hub.subscribe(event, listener) };
    },
  };
}
