/** Label selector parsing and matching (the `?labelSelector=` grammar). */
import { matchesLabelSelector, parseLabelSelector } from '../../src/core/wire/label-selector';

const matches = (selector: string, labels: Record<string, string> | undefined) => {
  const parsed = parseLabelSelector(selector);
  if (!parsed.ok) throw new Error(parsed.message);
  return matchesLabelSelector(parsed.requirements, labels);
};

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'gold', 'example.com/team': 'a' };

  test.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app = web', true],
    ['app=api', false],
    ['app!=api', true],
    ['app!=web', false],
    ['missing!=x', true],
    ['tier', true],
    ['missing', false],
    ['!missing', true],
    ['!tier', false],
    ['app in (web, api)', true],
    ['app in (api)', false],
    ['missing in (x)', false],
    ['app notin (api)', true],
    ['app notin (web)', false],
    ['missing notin (x)', true],
    ['example.com/team=a', true],
    ['app=web,tier=gold', true],
    ['app=web,tier=silver', false],
    ['app in (web,api),!missing,tier', true],
  ])('%p → %p', (selector, expected) => {
    expect(matches(selector, labels)).toBe(expected);
  });

  test('resources without labels', () => {
    expect(matches('', undefined)).toBe(true);
    expect(matches('!app', undefined)).toBe(true);
    expect(matches('app', undefined)).toBe(false);
    expect(matches('app!=x', undefined)).toBe(true);
  });

  test.each([
    '=x',
    'app in (a',
    'app in a)',
    ',',
    'a,,b',
    'bad key=x',
    'app=bad value',
    'app=(x)',
    '-app=x',
    'app in ()',
  ])('%p is refused with a message', (selector) => {
    const parsed = parseLabelSelector(selector);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(/label selector/);
  });
});
