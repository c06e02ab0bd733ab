/**
 * Where any of `values` appears in any of `places` (name -> text). Empty when nothing leaked. Also looks for each
 * value's JSON-escaped form, since state and event logs are JSON.
 */
export function findLeaks(places: Readonly<Record<string, string>>, values: readonly string[]): string[] {
  const found: string[] = [];
  for (const value of values) {
    const forms = new Set([value, JSON.stringify(value).slice(1, -1)]);
    for (const [place, text] of Object.entries(places)) {
      for (const form of forms) {
        if (text.includes(form)) {
          found.push(`a secret value appears in ${place}`);
        }
      }
    }
  }
  return found;
}
