import { randomUUID } from "node:crypto";
import { VerifiedAccessToken } from "../entra/accessTokenIssuer";
import { TenantContext } from "../entra/tenantContext";
import { Exchange } from "../http/exchange";
import { GraphRejection } from "./graphRejection";
import { GraphRoute } from "./graphRoute";
import { permissionRejection } from "./principalRejections";
import { isPlainObject, parseJsonBody } from "./putBody";

/** An application registration created through Graph. */
interface CreatedApplication {
  readonly id: string;
  readonly appId: string;
  readonly displayName: string;
  /** Client ids of its owners: the app that created it. */
  readonly owners: ReadonlySet<string>;
  servicePrincipalId: string | undefined;
}

/**
 * The few directory calls a live check makes to get a service principal created seconds ago: `POST /applications`,
 * `POST /servicePrincipals {appId}` and `DELETE /applications/{id}` (which deletes its principal too). Shapes from
 * the v1.0 pages `application-post-applications.md`, `serviceprincipal-post-serviceprincipals.md` and
 * `application-delete.md` [doc]; only `displayName` and `appId` are read. The new principal answers with the
 * replication reading for the behaviour's `replicationDelayMs`, like one created through the control surface.
 * Permission: `Application.ReadWrite.All`, or `Application.ReadWrite.OwnedBy` (and, to delete, ownership) [doc].
 */
export class ApplicationsApi {
  readonly #context: TenantContext;
  readonly #applications = new Map<string, CreatedApplication>();

  /** @param context - the tenant */
  constructor(context: TenantContext) {
    this.#context = context;
  }

  /** Serves one of the three calls for an authenticated caller. */
  async serve(exchange: Exchange, route: GraphRoute, caller: VerifiedAccessToken): Promise<void> {
    const roles = new Set(caller.roles);
    const all = roles.has("Application.ReadWrite.All");
    if (!all && !roles.has("Application.ReadWrite.OwnedBy")) throw permissionRejection(this.#context.behaviour().permissionDenied);
    const origin = `${this.#context.origin}/${route.version}`;
    switch (route.operation) {
      case "applications.create": {
        const body = parseJsonBody((await exchange.body()).toString("utf8"));
        const displayName = isPlainObject(body) && typeof body["displayName"] === "string" ? body["displayName"] : "";
        if (displayName === "") throw new GraphRejection(400, "Request_BadRequest", "A displayName is required.");
        const application = { id: randomUUID(), appId: randomUUID(), displayName, owners: new Set([caller.clientId]), servicePrincipalId: undefined };
        this.#applications.set(application.id, application);
        const { id, appId } = application;
        exchange.sendJson(201, { "@odata.context": `${origin}/$metadata#applications/$entity`, id, appId, displayName });
        return;
      }
      case "servicePrincipals.create": {
        const body = parseJsonBody((await exchange.body()).toString("utf8"));
        const appId = isPlainObject(body) ? body["appId"] : undefined;
        const application = [...this.#applications.values()].find((candidate) => candidate.appId === appId);
        if (application === undefined) {
          const message = `The appId '${String(appId)}' of the service principal does not reference a valid application object.`;
          throw new GraphRejection(400, "Request_BadRequest", message, {}, { details: [{ code: "NoBackingApplicationObject", message, target: "appId" }] });
        }
        if (application.servicePrincipalId !== undefined) {
          throw new GraphRejection(409, "Request_MultipleObjectsWithSameKeyValue", "The application already has a service principal.");
        }
        const { directory } = this.#context;
        application.servicePrincipalId = directory.createServicePrincipal({ owners: [caller.clientId] }, this.#context.behaviour().replicationDelayMs, Date.now());
        exchange.sendJson(201, {
          "@odata.context": `${origin}/$metadata#servicePrincipals/$entity`,
          id: application.servicePrincipalId,
          appId: application.appId,
          displayName: application.displayName,
          servicePrincipalType: "Application",
          accountEnabled: true,
        });
        return;
      }
      case "applications.delete": {
        const application = this.#applications.get(route.applicationId ?? "");
        if (application === undefined) {
          throw new GraphRejection(404, "Request_ResourceNotFound", `Resource '${route.applicationId ?? ""}' does not exist or one of its queried reference-property objects are not present.`);
        }
        if (!all && !application.owners.has(caller.clientId)) throw permissionRejection(this.#context.behaviour().permissionDenied);
        if (application.servicePrincipalId !== undefined) this.#context.directory.deleteServicePrincipal(application.servicePrincipalId);
        this.#applications.delete(application.id);
        exchange.sendEmpty(204);
        return;
      }
      default:
        throw new GraphRejection(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.", {
          allow: route.allowed.join(", "),
        });
    }
  }
}
