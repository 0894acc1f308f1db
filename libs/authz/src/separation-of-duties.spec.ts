import { separationOfDutiesForbids } from './separation-of-duties';

describe('separation of duties', () => {
  it.each([
    [true, 'm1', 'm1', true],
    [true, 'm2', 'm1', false],
    [false, 'm1', 'm1', false],
    [true, null, 'm1', false],
  ])('rule on %s, agent registered by %s, approver %s → forbidden %s', (ruleOn, by, memberId, forbidden) => {
    expect(separationOfDutiesForbids({ ruleOn, agentRegisteredBy: by, memberId })).toBe(forbidden);
  });
});
