/**
 * splitPem is linear in its input (issue 10: a lazy `[\s\S]*?` up to END rescanned the text for every
 * BEGIN without an END; 1 MiB of them took 16 s) and finds the same blocks as before.
 */
import { parsePemCertificates, splitPem } from '../../src/core/spiffe/x509-svid';
import { TestCa } from '../helpers/test-ca';

test('blocks, labels and BEGIN lines are found as openssl reads them', async () => {
  const ca = await TestCa.create({ now: new Date() });
  const pem = ca.root.pem.trim();
  const text = [
    'junk before',
    '-----BEGIN CERTIFICATE-----', // no END of its own: the next END CERTIFICATE closes it
    '-----BEGIN PRIVATE KEY-----', // never closed: skipped
    '-----BEGIN lowercase-----',
    '-----END CERTIFICATE-----',
    pem,
    'between',
    '-----BEGIN X-----\nAAAA\n-----END Y-----',
    pem,
  ].join('\n');
  const blocks = splitPem(text);
  expect(blocks.map((b) => [b.label, b.line])).toEqual([
    ['CERTIFICATE', 2],
    ['CERTIFICATE', 6],
    ['CERTIFICATE', 6 + pem.split('\n').length + 4],
  ]);
  expect(parsePemCertificates(pem + '\n' + pem).certs).toHaveLength(2);
});

test('1 MiB of BEGIN lines without END is one linear scan (bounded: well under a second)', () => {
  for (const line of ['-----BEGIN CERTIFICATE REQUEST-----\n', '-----BEGIN CERTIFICATE-----\n']) {
    const text = line.repeat(Math.ceil((1 << 20) / line.length));
    const started = performance.now();
    expect(splitPem(text)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1000);
  }
  // Many distinct labels, each without END, and ENDs of other labels: still one pass.
  let mixed = '';
  for (let i = 0; mixed.length < 1 << 20; i++) mixed += `-----BEGIN L${i}-----\n-----END M${i}-----\n`;
  const started = performance.now();
  expect(splitPem(mixed)).toEqual([]);
  expect(performance.now() - started).toBeLessThan(1000);
});
