/** GitHub Actions workflow commands: one `::error file=…,line=…,col=…,title=RT1xxx::message` per finding. */
import type { ValidateReport } from '../core/manifest/validate-report';
import { escapeTerminal, escapeTerminalText } from '../core/text/terminal';

/** Escaping of workflow command data and property values (as the Actions toolkit does it). */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

export function renderGithubAnnotations(report: ValidateReport): string {
  const lines = report.findings.map((f) => {
    const props: string[] = [];
    if (f.file) props.push(`file=${escapeProperty(escapeTerminal(f.file))}`);
    if (f.line) props.push(`line=${f.line}`);
    if (f.column) props.push(`col=${f.column}`);
    props.push(`title=${escapeProperty(f.code)}`);
    let message = f.message;
    if (f.resource) message += ` (${f.resource})`;
    if (f.fix) message += `\nfix: ${f.fix}`;
    // The Actions log renders ANSI sequences: text from manifests must not bring its own.
    return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(escapeTerminalText(message))}`;
  });
  const s = report.summary;
  lines.push(`${s.errors} errors, ${s.warnings} warnings in ${s.resources} documents, ${s.files} files`);
  return lines.join('\n') + '\n';
}
