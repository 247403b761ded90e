/**
 * The fish shell completion script (oclif's autocomplete plugin covers bash, zsh and PowerShell).
 * Pure: (command metadata, bin name) → script. Commands are completed word by word (topics with a
 * space separator: `ctl apply`), flags per command with their descriptions, the allowed values of
 * option flags and arguments, and file names for flags that take paths.
 */

export interface CompletionFlag {
  name: string;
  char?: string;
  description?: string;
  type: 'boolean' | 'option';
  options?: readonly string[];
  allowNo?: boolean;
  hidden?: boolean;
}

export interface CompletionCommand {
  /** oclif id with `:` separators (`ctl:apply`). */
  id: string;
  summary?: string;
  hidden?: boolean;
  flags: CompletionFlag[];
  args: { name: string; options?: readonly string[] }[];
}

/** Flags whose value is a path: complete file names. */
const PATH_FLAG = /^(filename|out|scenario|baseline|bundle|lint-config|data-dir)$|-(file|dir)$/;

/** A string as one fish single-quoted word. */
const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** First line of a description, short enough for a completion menu. */
function short(text: string | undefined): string {
  const line = (text ?? '').split('\n')[0].trim();
  return line.length > 80 ? line.slice(0, 77) + '…' : line;
}

export function renderFishCompletion(
  bin: string,
  commands: readonly CompletionCommand[],
  topics: Readonly<Record<string, string>>,
): string {
  const fn = `__${bin.replace(/[^A-Za-z0-9]/g, '_')}_at`;
  const out = [
    `# fish completion for ${bin}. Install: ${bin} completion fish > ~/.config/fish/completions/${bin}.fish`,
    `complete -c ${bin} -e`,
    '',
    '# Whether the command words typed so far (before the first flag) are exactly ARGV, or with',
    '# --prefix start with ARGV (a command with its positional arguments).',
    `function ${fn}`,
    '    set -l prefix 0',
    '    if test "$argv[1]" = \'--prefix\'',
    '        set prefix 1',
    '        set -e argv[1]',
    '    end',
    '    set -l words (commandline -opc)',
    '    set -e words[1]',
    '    set -l out',
    '    for w in $words',
    "        string match -q -- '-*' $w; and break",
    '        set -a out $w',
    '    end',
    '    if test $prefix = 1; and test (count $out) -gt (count $argv)',
    '        set out $out[1..(count $argv)]',
    '    end',
    '    test "$out" = "$argv"',
    'end',
    '',
    `complete -c ${bin} -f`,
  ];
  const visible = commands.filter((c) => !c.hidden);
  // Each prefix's next words: topics and commands.
  const children = new Map<string, Map<string, string>>();
  for (const c of visible) {
    const words = c.id.split(':');
    for (let i = 0; i < words.length; i++) {
      const prefix = words.slice(0, i).join(' ');
      const word = words[i];
      const isLeaf = i === words.length - 1;
      const description = isLeaf ? short(c.summary) : short(topics[words.slice(0, i + 1).join(':')]);
      if (!children.has(prefix)) children.set(prefix, new Map());
      const known = children.get(prefix)!;
      if (!known.has(word) || (isLeaf && description)) known.set(word, description);
    }
  }
  for (const [prefix, words] of [...children].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out.push('', `# ${prefix === '' ? 'commands and topics' : prefix}`);
    for (const [word, description] of words) {
      out.push(`complete -c ${bin} -n ${q(`${fn} ${prefix}`.trimEnd())} -a ${q(word)} -d ${q(description)}`);
    }
  }
  for (const c of visible) {
    const id = c.id.split(':').join(' ');
    const when = `${fn} --prefix ${id}`;
    out.push('', `# ${id}`);
    for (const a of c.args) {
      if (a.options?.length) out.push(`complete -c ${bin} -n ${q(when)} -a ${q(a.options.join(' '))}`);
    }
    for (const f of c.flags.filter((x) => !x.hidden)) {
      const parts = [`complete -c ${bin} -n ${q(when)} -l ${f.name}`];
      if (f.char) parts.push(`-s ${f.char}`);
      if (f.type === 'option') {
        if (f.options?.length) parts.push(`-x -a ${q(f.options.join(' '))}`);
        else if (PATH_FLAG.test(f.name)) parts.push('-r -F');
        else parts.push('-x');
      }
      parts.push(`-d ${q(short(f.description))}`);
      out.push(parts.join(' '));
      if (f.type === 'boolean' && f.allowNo)
        out.push(`complete -c ${bin} -n ${q(when)} -l no-${f.name} -d ${q(short(f.description))}`);
    }
  }
  return out.join('\n') + '\n';
}
