/**
 * Making untrusted text safe for a terminal: C0 and C1 control characters (ESC, BEL, CR, the 8-bit
 * CSI …) and lone UTF-16 surrogates are shown as visible escapes (`\x1b`, `\u009b`, `\ud800`) instead
 * of reaching the terminal raw, where a manifest, a JWT's `sub`, a peer certificate's SAN or a name sent
 * by a control plane could clear the screen, set the title or fake output lines. Every text printer
 * passes the data it shows through here; JSON output is already safe (JSON.stringify escapes them).
 */

// C0 (U+0000–U+001F), DEL, C1 (U+0080–U+009F), and surrogates not part of a pair: matching control
// characters is the point here.
/* eslint-disable no-control-regex */
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const UNSAFE_KEEP_NEWLINES =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// A colour (SGR) sequence, the only escape sequence the printers themselves emit (chalk).
const SGR_OR_UNSAFE =
  /(\u001b\[[0-9;]*m)|[\u0000-\u0009\u000b-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/* eslint-enable no-control-regex */

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function visible(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code < 0x80
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every control character and lone surrogate replaced by a visible escape (one line). */
export function escapeTerminal(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** Like escapeTerminal, but line feeds stay (multi-line messages and fixes that the tool wrote). */
export function escapeTerminalText(text: string): string {
  return text.replace(UNSAFE_KEEP_NEWLINES, visible);
}

/**
 * Make a whole rendered text safe, for printers that colour as they go: line feeds stay, and with
 * `keepColor` so do colour sequences (`ESC [ … m`, which can change colours but not clear the screen,
 * move the cursor or set the title). Without colour (pipes, CI, NO_COLOR) every control is escaped.
 */
export function escapeRenderedText(text: string, keepColor: boolean): string {
  return text.replace(SGR_OR_UNSAFE, (m: string, sgr: string | undefined) =>
    sgr !== undefined ? (keepColor ? sgr : sgr.replace('\u001b', '\\x1b')) : visible(m),
  );
}
