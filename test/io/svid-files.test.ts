/**
 * `svid issue --out DIR` writes key files without following links planted in DIR (issue 10), and
 * checks that the issued certificate holds the requested key.
 */
import fs from 'node:fs';
import path from 'node:path';
import { certifiesCsrKey, writeSvidFiles } from '../../src/io/svid-files';
import { issueX509Svid } from '../../src/server/svid-issuer';
import { tempDir } from '../helpers/cli';
import { createCsr, issuingAuthorityOf, TestCa } from '../helpers/test-ca';

const CONTENT = { chainPem: 'CHAIN\n', keyPem: 'SECRET KEY\n', bundlePem: 'BUNDLE\n' };

function plantLinks(dir: string, victimDir: string, names: string[]): string[] {
  return names.map((name) => {
    const victim = path.join(victimDir, `victim-${name}`);
    fs.writeFileSync(victim, 'untouched\n', { mode: 0o644 });
    fs.symlinkSync(victim, path.join(dir, name));
    return victim;
  });
}

describe('writeSvidFiles', () => {
  test('links planted at the final names and at the old temporary names are never written through', () => {
    const dir = tempDir();
    const victims = tempDir();
    // The final names, and the temporary names this process would have used before the fix (pid-based).
    const planted = plantLinks(dir, victims, [
      'key.pem',
      'svid.pem',
      `.key.pem.${process.pid}.tmp`,
      `.svid.pem.${process.pid}.tmp`,
      `.bundle.pem.${process.pid}.tmp`,
    ]);
    const files = writeSvidFiles(dir, CONTENT);
    for (const victim of planted) expect(fs.readFileSync(victim, 'utf8')).toBe('untouched\n');
    const key = fs.lstatSync(files.key!);
    expect(key.isSymbolicLink()).toBe(false);
    expect(key.mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(files.key!, 'utf8')).toBe(CONTENT.keyPem);
    expect(fs.lstatSync(files.svid).isSymbolicLink()).toBe(false);
    expect(fs.readFileSync(files.bundle, 'utf8')).toBe(CONTENT.bundlePem);
  });

  test('the key is 0600 whatever the umask, and no temporary file is left behind', () => {
    const dir = tempDir();
    const old = process.umask(0);
    try {
      writeSvidFiles(dir, CONTENT);
    } finally {
      process.umask(old);
    }
    expect(fs.statSync(path.join(dir, 'key.pem')).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir).sort()).toEqual(['bundle.pem', 'key.pem', 'svid.pem']);
  });

  test('a directory where key.pem should be is a usage error (exit 2), not a crash', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'key.pem'));
    fs.writeFileSync(path.join(dir, 'key.pem', 'x'), '');
    expect(() => writeSvidFiles(dir, CONTENT)).toThrow(expect.objectContaining({ exitCode: 2 }));
    expect(fs.readdirSync(dir)).toEqual(['key.pem']);
  });
});

describe('certifiesCsrKey: the issued certificate holds the key the CSR asked for', () => {
  test.each(['EC', 'RSA', 'Ed25519'] as const)(
    '%s: yes for its own certificate, PEM or base64 DER',
    async (keyType) => {
      const ca = await TestCa.create({ intermediate: true });
      const { csrPem } = await createCsr(keyType);
      const issued = await issueX509Svid(issuingAuthorityOf(ca), {
        csrPem,
        spiffeID: 'spiffe://example.com/myapp/frontend',
        now: new Date(),
      });
      expect(certifiesCsrKey(issued.chainPem, csrPem)).toBe(true);
      expect(certifiesCsrKey(issued.chainPem, csrPem.replace(/-----[^-]+-----|\s/g, ''))).toBe(true);
    },
  );

  test('no for a certificate of another key; unknown when either cannot be read', async () => {
    const ca = await TestCa.create();
    const { csrPem } = await createCsr('EC');
    const other = await ca.issueLeaf({ uris: ['spiffe://example.com/myapp/frontend'] });
    expect(certifiesCsrKey(other.chainPem, csrPem)).toBe(false);
    expect(certifiesCsrKey('not a certificate', csrPem)).toBeUndefined();
    expect(certifiesCsrKey(other.chainPem, 'not a request')).toBeUndefined();
  });
});
