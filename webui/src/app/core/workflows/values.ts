/** A typed value from what a person typed in a form field. */
export function typedValue(type: string, text: string): boolean | number | string {
  switch (type) {
    case 'integer':
      return Number.parseInt(text, 10);
    case 'float':
      return Number.parseFloat(text);
    case 'boolean':
      return text === 'true';
    default:
      return text;
  }
}
