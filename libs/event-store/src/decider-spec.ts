import type { Decider } from './decider';
import type { NewEvent } from './event';

/**
 * Given/when/then for deciders (Emmett's DeciderSpecification): given past events, when a
 * command, then these events — or this error.
 */
export function deciderSpec<S, C>(decider: Decider<S, C>) {
  return {
    given(events: NewEvent[]) {
      const state = events.reduce((s, e) => decider.evolve(s, e), decider.initialState());
      return {
        when(command: C) {
          const run = () => decider.decide(command, state);
          return {
            then(expected: Array<{ type: string; data?: Record<string, unknown> }>) {
              const produced = run();
              expect(produced.map((e) => e.type)).toEqual(expected.map((e) => e.type));
              expected.forEach((e, i) => {
                if (e.data) expect(produced[i].data).toMatchObject(e.data);
              });
            },
            thenThrows(match: Partial<{ kind: string; type: string }> | RegExp) {
              let error: unknown;
              try {
                run();
              } catch (e) {
                error = e;
              }
              expect(error).toBeDefined();
              if (match instanceof RegExp) expect((error as Error).message).toMatch(match);
              else expect(error).toMatchObject(match);
            },
          };
        },
      };
    },
  };
}
