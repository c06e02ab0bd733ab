import { SynchronizationTemplateSpec } from "../types";

/**
 * The templates a service principal offers unless told otherwise: one, `scim`, the template id of a non-gallery
 * app that provisions to a SCIM endpoint (an assumption: gallery apps have their own ids, e.g. `dataBricks`).
 */
export const DEFAULT_TEMPLATES: readonly SynchronizationTemplateSpec[] = [
  { id: "scim", factoryTag: "CustomSCIM", description: "Provision users and groups to a SCIM 2.0 endpoint." },
];

/** A template as `GET .../synchronization/templates` returns it (`synchronizationTemplate`). */
export function templateJson(
  spec: SynchronizationTemplateSpec,
  index: number,
  applicationId: string,
): Record<string, unknown> {
  return {
    id: spec.id,
    applicationId,
    default: spec.default ?? index === 0,
    description: spec.description ?? null,
    discoverable: spec.discoverable ?? true,
    factoryTag: spec.factoryTag ?? "CustomSCIM",
    metadata: (spec.metadata ?? []).map(({ key, value }) => ({ key, value })),
    schema: { directories: [], synchronizationRules: [] },
  };
}
