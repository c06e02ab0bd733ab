import { PermissionDeniedAnswer, ReplicationAnswer } from "../beliefs";
import { GraphRejection } from "./graphRejection";

/** Graph's answer for an object that does not exist (the directory's wording). */
export function notFound(id: string): GraphRejection {
  return new GraphRejection(
    404,
    "Request_ResourceNotFound",
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

function insufficientPrivileges(): GraphRejection {
  return new GraphRejection(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
}

/** The synchronization service's answer without permission: 401 with an empty message (docs-contrib#8800). */
function unknownError401(): GraphRejection {
  return new GraphRejection(401, "UnknownError", "");
}

/**
 * What a principal that has not replicated yet answers, each with the body Graph gives it elsewhere:
 * - 404 `Request_ResourceNotFound` (the directory's "does not exist");
 * - 400 `Request_BadRequest` with a `NoBackingApplicationObject` detail (what creating a principal for an app
 *   that has not replicated answers);
 * - 403 `Authorization_RequestDenied`;
 * - 409 `Directory_ConcurrencyViolation`;
 * - 401 `UnknownError` with an empty message: an OData body, not an Entra token error (no `WWW-Authenticate`).
 */
export function replicationRejection(answer: ReplicationAnswer, principalId: string, appId: string): GraphRejection {
  switch (answer) {
    case "404-not-found":
      return notFound(principalId);
    case "400-no-backing-application-object": {
      const message = `The appId '${appId}' of the service principal does not reference a valid application object.`;
      return new GraphRejection(400, "Request_BadRequest", message, {}, {
        details: [{ code: "NoBackingApplicationObject", message, target: "appId" }],
      });
    }
    case "403-authorization-denied":
      return insufficientPrivileges();
    case "409-concurrency-violation":
      return new GraphRejection(
        409,
        "Directory_ConcurrencyViolation",
        "Error due to concurrent requests being made to the tenant. Please wait briefly and retry.",
      );
    case "401-unknown-error":
      return unknownError401();
  }
}

/** What a call without the needed permission gets, under the `permissionDenied` reading. */
export function permissionRejection(answer: PermissionDeniedAnswer): GraphRejection {
  return answer === "403-authorization-denied" ? insufficientPrivileges() : unknownError401();
}
