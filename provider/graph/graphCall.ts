import type { AttemptResponse } from "./attemptResult";

/** One logical call: a request and all its retries. */
export interface GraphCall {
  /** HTTP method. */
  method: "GET" | "PUT";
  /** Path and query relative to the Graph origin. */
  target: string;
  /** JSON body for PUT. */
  body?: string;
  /** The service principal the call is about, for messages. */
  servicePrincipalId: string;
  /** Whether a 404 is retried as replication lag until the operation's consistency window ends. */
  retryNotFound: boolean;
  /** Values that must never appear in an error: the secret values being written. */
  sensitiveValues: readonly string[];
}

/** The time budget of one operation, shared by the calls it makes (the pages of a listing). */
export interface OperationBudget {
  /** When the operation started, epoch ms. */
  startedAt: number;
  /** When it must be over, epoch ms. */
  deadlineAt: number;
  /** Until when a 404 is retried, epoch ms. */
  notFoundUntil: number;
  /** The caller's cancellation. */
  signal?: AbortSignal;
}

/** A call that ended with a 2xx response. */
export interface CompletedCall {
  /** The successful response. */
  response: AttemptResponse;
  /** The `client-request-id` the call was sent with. */
  clientRequestId: string;
  /** Attempts it took. */
  attempts: number;
}
