/**
 * A decider is the whole behaviour of an aggregate as two pure functions: `decide` turns a command
 * and the current state into new events (or throws a DomainError), `evolve` folds an event into the
 * state. Time and ids arrive inside the command; deciders do no I/O.
 */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

export function fold<Event, State>(
  decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>,
  events: Iterable<Event>,
): State {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}

/** Ends an exhaustive switch: the compiler rejects a call while any case is unhandled. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
