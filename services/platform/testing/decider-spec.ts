import { expect } from 'vitest';
import { type Decider, fold } from '../domain/decider.ts';

/**
 * Given / when / then for deciders: given past events, when a command is decided, then exactly
 * these events follow, or this error is thrown. No I/O, so domain rules are tested in microseconds.
 */
export function deciderSpec<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return {
    given(events: Event[]) {
      return {
        when(command: Command) {
          const run = () => decider.decide(command, fold(decider, events));
          return {
            then(expected: Event[]): void {
              expect(run()).toEqual(expected);
            },
            thenThrows(errorType: abstract new (...args: never[]) => Error, message?: string | RegExp): void {
              expect(run).toThrow(errorType);
              if (message !== undefined) expect(run).toThrow(message);
            },
            /** For rules about the resulting state rather than the exact events. */
            thenState(check: (state: State, events: Event[]) => void): void {
              const produced = run();
              check(fold(decider, [...events, ...produced]), produced);
            },
          };
        },
      };
    },
  };
}
