/** A value quoted for an error message, as a JSON string literal (`"a\tb"`): quotes and control characters visible. */
export function quote(value: string | undefined): string {
  return JSON.stringify(value) ?? 'undefined';
}
