/** Terminal-safe text: controls and lone surrogates become visible escapes; colours the printers add survive. */
import { escapeRenderedText, escapeTerminal, escapeTerminalText } from '../../src/core/text/terminal';

const ESC = '\u001b';

test('C0, DEL, C1 and lone surrogates are escaped; pairs and ordinary text are kept', () => {
  expect(escapeTerminal(`a${ESC}]0;title\u0007b\u009bc\u007fd\r\n\te`)).toBe(
    'a\\x1b]0;title\\x07b\\u009bc\\x7fd\\r\\n\\te',
  );
  expect(escapeTerminal('lone \ud800 and \udc00; pair 😀 kept; é ü 漢')).toBe(
    'lone \\ud800 and \\udc00; pair 😀 kept; é ü 漢',
  );
});

test('escapeTerminalText keeps line feeds only', () => {
  expect(escapeTerminalText(`fix:\n  x: 1${ESC}[2J`)).toBe('fix:\n  x: 1\\x1b[2J');
});

test('escapeRenderedText keeps colour sequences only when colour is on', () => {
  const text = `${ESC}[31mred${ESC}[39m name${ESC}[2J${ESC}]0;t\u0007\n`;
  expect(escapeRenderedText(text, true)).toBe(`${ESC}[31mred${ESC}[39m name\\x1b[2J\\x1b]0;t\\x07\n`);
  expect(escapeRenderedText(text, false)).toBe('\\x1b[31mred\\x1b[39m name\\x1b[2J\\x1b]0;t\\x07\n');
});
