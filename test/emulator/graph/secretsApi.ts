import { ServicePrincipalRecord } from "../directory/directory";
import { SECRET_KEY_NAMES } from "../directory/secretCatalogue";
import { TenantContext } from "../entra/tenantContext";
import type { GraphCall } from "./graphApi";
import { GraphRejection } from "./graphRejection";
import { isEmptyJsonObject, jsonKeyRule, jsonValueRejection, normalizeJsonValue } from "./jsonValuedKeys";
import { parsePutBody } from "./putBody";
import { decodeSkipToken, encodeSkipToken } from "./skipToken";

const KEY_ORDER = new Map(SECRET_KEY_NAMES.map((key, index) => [key, index]));

function catalogueOrder(key: string): number {
  return KEY_ORDER.get(key) ?? SECRET_KEY_NAMES.length;
}

/**
 * `/servicePrincipals/{id}/synchronization/secrets`: GET (masked, paged, JSON values as written or normalized) and
 * PUT (merged into or replacing the stored set, with the JSON-valued keys' rules), under the behaviour's readings.
 */
export class SecretsApi {
  readonly #context: TenantContext;

  /** @param context - the tenant */
  constructor(context: TenantContext) {
    this.#context = context;
  }

  /** GET: one page of the stored pairs, in catalogue order. */
  list({ exchange, route, principal }: GraphCall): void {
    const skipToken = exchange.url.searchParams.get("$skiptoken");
    const offset = skipToken === null ? 0 : decodeSkipToken(skipToken);
    if (offset === undefined) throw new GraphRejection(400, "BadRequest", "The $skiptoken is not valid.");
    exchange.sendJson(200, this.#listing(route.version, principal, offset, this.#context.behaviour().pageSize));
  }

  /** PUT: validation is all-or-nothing; nothing is stored unless every pair is valid. */
  async put({ exchange, route, principal }: GraphCall): Promise<void> {
    const pairs = parsePutBody((await exchange.body()).toString("utf8"));
    exchange.secretKeys = pairs.map((pair) => pair.key);
    const behaviour = this.#context.behaviour();
    const jsonValued = new Set(behaviour.jsonValuedKeys);
    for (const { key, value } of pairs) {
      const rejection = jsonValued.has(key) ? jsonValueRejection(key, value, jsonKeyRule(behaviour, key)) : undefined;
      if (rejection !== undefined) throw rejection;
    }
    const next = behaviour.putSemantics === "replace" ? new Map<string, string>() : new Map(principal.secrets);
    for (const { key, value } of pairs) {
      const removes =
        value === "" ||
        (jsonValued.has(key) && isEmptyJsonObject(value) && jsonKeyRule(behaviour, key).emptyObject === "removes");
      if (removes) next.delete(key);
      else next.set(key, value);
    }
    principal.secrets.clear();
    for (const [key, value] of next) principal.secrets.set(key, value);
    if (behaviour.putSuccessStatus === 200) {
      exchange.sendJson(200, this.#listing(route.version, principal, 0, Number.MAX_SAFE_INTEGER));
    } else {
      exchange.sendEmpty(204);
    }
  }

  /** A page of the stored pairs as GET shows them: masked keys as `"*"`, JSON values per `jsonValueOnRead`. */
  #listing(version: string, principal: ServicePrincipalRecord, offset: number, pageSize: number): object {
    const { maskedKeys, jsonValuedKeys, jsonValueOnRead } = this.#context.behaviour();
    const masked = new Set(maskedKeys);
    const normalized = new Set(jsonValueOnRead === "normalized" ? jsonValuedKeys : []);
    const shown = (key: string, value: string): string => {
      if (masked.has(key)) return "*";
      return normalized.has(key) ? normalizeJsonValue(key, value) : value;
    };
    const ordered = [...principal.secrets.entries()].sort(([a], [b]) => catalogueOrder(a) - catalogueOrder(b));
    const page = ordered.slice(offset, offset + pageSize).map(([key, value]) => ({ key, value: shown(key, value) }));
    const { origin } = this.#context;
    const resource = `${origin}/${version}/servicePrincipals/${principal.id}/synchronization/secrets`;
    const next = offset + pageSize;
    return {
      "@odata.context": `${origin}/${version}/$metadata#servicePrincipals('${principal.id}')/synchronization/secrets`,
      value: page,
      ...(next < ordered.length ? { "@odata.nextLink": `${resource}?$skiptoken=${encodeSkipToken(next)}` } : {}),
    };
  }
}
