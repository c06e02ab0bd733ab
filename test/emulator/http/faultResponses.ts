/** Graph error codes for injected status faults (Graph's documented codes where there is one; else UnknownError). */
const GRAPH_CODES: Readonly<Record<number, [code: string, message: string]>> = {
  429: ["TooManyRequests", "Too many requests. Please retry after the time in Retry-After."],
  500: ["generalException", "An unspecified error has occurred."],
  502: ["UnknownError", "Bad gateway."],
  503: ["serviceNotAvailable", "The service is temporarily unavailable. Please retry after a delay."],
  504: ["UnknownError", "The gateway did not receive a timely response from the upstream service."],
};

/** The code and message a Graph status fault answers with. */
export function graphFault(status: number): [code: string, message: string] {
  return GRAPH_CODES[status] ?? ["UnknownError", `Injected fault ${status}.`];
}
