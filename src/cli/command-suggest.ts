/** "Did you mean" for a mistyped command (the command_not_found hook), on command words with spaces. */
import { closestMatch } from '../core/text/suggest';

/**
 * `words`: what the user typed as command words (oclif joins every leading non-flag argument, so
 * `ctl gte wi` arrives as [ctl, gte, wi]). `ids`: oclif command ids (`ctl:get`). Returns the words that
 * do not name a command (as typed, with spaces) and the nearest command, if one is near.
 */
export function commandSuggestion(
  words: readonly string[],
  ids: readonly string[],
): { typed: string; suggestion?: string } {
  const commands = ids.map((id) => id.split(':'));
  // The longest run of leading words that names a topic (ctl, svid …) is kept; one more word is the typo.
  let known = 0;
  while (
    known < words.length &&
    commands.some(
      (c) => c.length > known + 1 && c.slice(0, known + 1).join(' ') === words.slice(0, known + 1).join(' '),
    )
  )
    known++;
  const typedWords = words.slice(0, Math.min(words.length, known + 1));
  const typed = typedWords.join(' ');
  // Compare with every command of as many words (a topic typo `clt get` as well as `ctl gte`).
  const sameLength = commands.filter((c) => c.length === typedWords.length).map((c) => c.join(' '));
  let suggestion = closestMatch(typed, sameLength, 0.4);
  if (!suggestion && typedWords.length === 1) {
    // `valdate` → validate, `svid` typos: one word against the first word of every command.
    const firsts = new Set(commands.map((c) => c[0]));
    suggestion = closestMatch(typed, firsts, 0.4);
    if (suggestion && !commands.some((c) => c.length === 1 && c[0] === suggestion)) {
      const next = words[1];
      const full =
        next !== undefined ? commands.find((c) => c[0] === suggestion && c[1] === next) : undefined;
      suggestion = full ? full.join(' ') : suggestion;
    }
  }
  return { typed, suggestion };
}

/**
 * `ctl apply foo`: the leading words name a command and the rest are arguments it does not take
 * (oclif then reports the whole line as an unknown command). Returns the command, as typed with
 * spaces, and the stray arguments; undefined when no leading words name a command.
 */
export function strayArguments(
  words: readonly string[],
  ids: readonly string[],
): { command: string; extra: string[] } | undefined {
  for (let n = words.length - 1; n >= 1; n--) {
    if (ids.includes(words.slice(0, n).join(':')))
      return { command: words.slice(0, n).join(' '), extra: words.slice(n) };
  }
  return undefined;
}
