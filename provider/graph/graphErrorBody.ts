/** What a Graph error body says, read defensively. All fields are unvalidated server text. */
export interface GraphErrorBody {
  /** `error.code`, for example `Authorization_RequestDenied` or `UnknownError`. */
  code?: string;
  /** `error.message`; for the synchronization service often an empty string or a JSON document in a string. */
  message?: string;
  /**
   * The code of the error the synchronization service packs as JSON into `error.message`
   * (`{"error":{"code":"InvalidNotificationSettings",...}}`), or failing that `error.innerError.code`.
   */
  innerCode?: string;
  /** The message of that packed error, when there is one. */
  innerMessage?: string;
  /** `error.innerError.request-id`. */
  requestId?: string;
  /** `error.innerError.client-request-id`. */
  clientRequestId?: string;
  /** `error.innerError.date`. */
  date?: string;
}

/**
 * Reads a Graph error response body (`{"error":{"code","message","innerError":{...}}}`). Never throws: a body that
 * is not JSON, or not of that shape, gives an empty result.
 *
 * @param body - the raw response body
 */
export function parseGraphErrorBody(body: string): GraphErrorBody {
  const error = field(parseJson(body), "error");
  if (!isRecord(error)) {
    return {};
  }
  const parsed: GraphErrorBody = {};
  assign(parsed, "code", text(field(error, "code")));
  const message = text(field(error, "message"));
  assign(parsed, "message", message);
  const innerError = field(error, "innerError") ?? field(error, "innererror");
  assign(parsed, "requestId", text(field(innerError, "request-id")));
  assign(parsed, "clientRequestId", text(field(innerError, "client-request-id")));
  assign(parsed, "date", text(field(innerError, "date")));

  const packed = message === undefined ? undefined : field(parseJson(message.trim()), "error");
  if (isRecord(packed)) {
    assign(parsed, "innerCode", text(field(packed, "code")));
    assign(parsed, "innerMessage", text(field(packed, "message")));
  } else {
    assign(parsed, "innerCode", text(field(innerError, "code")));
  }
  return parsed;
}

function parseJson(value: string): unknown {
  if (!value.startsWith("{")) {
    return undefined;
  }
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function field(value: unknown, name: string): unknown {
  return isRecord(value) ? value[name] : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function assign<K extends keyof GraphErrorBody>(target: GraphErrorBody, name: K, value: GraphErrorBody[K]): void {
  if (value !== undefined) {
    target[name] = value;
  }
}
