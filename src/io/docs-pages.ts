/**
 * The pages behind `riptides-cli docs CODE`: every code of the one catalog (findings RT1xxx–RT4xxx or
 * their kebab-case names, connection reasons, CLI errors, API problem types, flow explanations) has a
 * Markdown page docs/codes/<id>.md, generated at build time and shipped in the package, so that the
 * page a finding or an error names can be read offline (like `rustc --explain`).
 */
import { allCodes } from '../core/catalog/codes';
import { ExitCode, RiptidesError } from '../core/errors';
import { closestMatch } from '../core/text/suggest';
import { PACKAGE_ROOT, readPackageFile } from './package-files';

export { PACKAGE_ROOT };

export interface DocsTopic {
  /** The catalog id: `RT1020`, a reason code such as `no-identity`, an error or problem code. */
  code: string;
  /** The finding's kebab-case name (`unknown-field`); other codes are their own name. */
  name: string;
  /** Former names that still lead to the page. */
  aliases: readonly string[];
  title: string;
  /** Relative to the package root. */
  docs: string;
}

export function docsTopics(): DocsTopic[] {
  return allCodes().map((c) => ({
    code: c.id,
    name: c.kind === 'finding' ? c.aliases[0] : c.id,
    aliases: c.aliases,
    title: c.title,
    docs: c.docs,
  }));
}

/** The topic `input` names (a code in any case, or a finding's name); a usage error (exit 2) otherwise. */
export function findDocsTopic(input: string, topics: readonly DocsTopic[] = docsTopics()): DocsTopic {
  const wanted = input.trim();
  const upper = wanted.toUpperCase();
  const lower = wanted.toLowerCase();
  const found =
    topics.find((t) => t.code === upper || t.code === lower || t.name === lower) ??
    topics.find((t) => t.aliases.includes(lower));
  if (found) return found;
  const guess = closestMatch(wanted, [...topics.map((t) => t.code), ...topics.map((t) => t.name)]);
  throw new RiptidesError(`no docs page for "${input}"${guess ? `: did you mean "${guess}"?` : ''}`, {
    code: 'unknown-docs-code',
    exitCode: ExitCode.USAGE,
    suggestions: [
      ...(guess ? [`riptides-cli docs ${guess}`] : []),
      'riptides-cli docs --list shows every code (RT1xxx–RT4xxx findings, connection reasons such as no-identity, CLI errors, API problem types)',
    ],
  });
}

/** The page's Markdown, read from the installed package (or the one-file binary's assets). */
export function readDocsPage(topic: DocsTopic): string {
  try {
    return readPackageFile(topic.docs);
  } catch (err) {
    throw new RiptidesError(`the page for ${topic.code} (${topic.docs}) is missing from this installation`, {
      code: 'missing-docs-page',
      exitCode: ExitCode.USAGE,
      suggestions: ['reinstall riptides-cli; the pages ship in its docs/codes directory'],
      cause: err,
    });
  }
}

/** `docs --list`: one line per topic, code, name and title. */
export function renderDocsList(topics: readonly DocsTopic[] = docsTopics()): string {
  const width = Math.max(...topics.map((t) => t.code.length));
  return topics
    .map((t) => `${t.code.padEnd(width)}  ${t.name === t.code ? '' : `${t.name}: `}${t.title}`)
    .join('\n');
}
