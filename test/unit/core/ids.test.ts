import { describe, expect, it } from "vitest";
import { normalizeServicePrincipalId, secretsResourceId } from "../../../provider/core/ids";

const GUID = "0af4a6b2-9c3d-4e5f-8a7b-1c2d3e4f5a6b";

describe("normalizeServicePrincipalId", () => {
  it("accepts a bare GUID", () => {
    expect(normalizeServicePrincipalId(GUID)).toBe(GUID);
  });

  it("accepts the /servicePrincipals/{guid} form that azuread ids use", () => {
    expect(normalizeServicePrincipalId(`/servicePrincipals/${GUID}`)).toBe(GUID);
  });

  it("lowercases the GUID and accepts the path segment in any case", () => {
    expect(normalizeServicePrincipalId(GUID.toUpperCase())).toBe(GUID);
    expect(normalizeServicePrincipalId(`/SERVICEPRINCIPALS/${GUID.toUpperCase()}`)).toBe(GUID);
  });

  it("rejects anything that is not exactly one of the two forms", () => {
    for (const raw of [
      "",
      "not-a-guid",
      `{${GUID}}`,
      ` ${GUID}`,
      `${GUID} `,
      `${GUID}\n`,
      GUID.replaceAll("-", ""),
      `${GUID}0`,
      GUID.replace("a", "g"),
      `servicePrincipals/${GUID}`,
      `/servicePrincipals/${GUID}/`,
      `/applications/${GUID}`,
      `/servicePrincipals/${GUID}/synchronization/secrets`,
      `/servicePrincipals/`,
    ]) {
      expect(normalizeServicePrincipalId(raw), raw).toBeUndefined();
    }
  });

  it("returns undefined rather than throwing for a non-string", () => {
    expect(normalizeServicePrincipalId(42 as unknown as string)).toBeUndefined();
    expect(normalizeServicePrincipalId(undefined as unknown as string)).toBeUndefined();
  });
});


describe("secretsResourceId", () => {
  it("names the principal's secrets collection", () => {
    expect(secretsResourceId(GUID)).toBe(`/servicePrincipals/${GUID}/synchronization/secrets`);
  });
});
