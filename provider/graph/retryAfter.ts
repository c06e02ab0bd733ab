// An HTTP-date in one of the three forms of RFC 9110 §5.6.7. Anything else (for example "-1", which Date.parse would
// read as a year) is not a date.
const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC_850_DATE = /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;
const DELAY_SECONDS = /^\d+(\.\d+)?$/;

/**
 * Reads a `Retry-After` header as a wait in milliseconds from `nowMs`: integer seconds (`120`), fractional seconds
 * (`2.128`, as Graph sends), or an HTTP-date (a date in the past means no wait). Returns `undefined` for an absent or
 * unreadable header, so the caller falls back to backoff. The result is not capped; the caller caps it.
 *
 * @param value - the header value, if any
 * @param nowMs - the current time in epoch milliseconds (the response's arrival)
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const text = value.trim();
  if (DELAY_SECONDS.test(text)) {
    return Math.ceil(Number(text) * 1_000);
  }
  let dateText: string | undefined;
  if (IMF_FIXDATE.test(text) || RFC_850_DATE.test(text)) {
    dateText = text;
  } else if (ASCTIME_DATE.test(text)) {
    // asctime carries no zone but is defined as GMT; Date.parse would take it as local time.
    dateText = `${text} GMT`;
  }
  if (dateText === undefined) {
    return undefined;
  }
  const instant = Date.parse(dateText);
  if (Number.isNaN(instant)) {
    return undefined;
  }
  return Math.max(0, instant - nowMs);
}
