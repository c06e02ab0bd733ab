import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type Emulator, startEmulator } from "../../emulator";
import { createAccessTokenSource } from "../../../provider/auth/tokenSource";
import { claimsOf, emulatorSettings, graphStatus } from "./authHarness";

const CLOUDS = ["public", "usgovernment", "usgovernmentdod", "china"] as const;
type Cloud = (typeof CLOUDS)[number];

const GRAPH: Readonly<Record<Cloud, string>> = {
  public: "https://graph.microsoft.com",
  usgovernment: "https://graph.microsoft.us",
  usgovernmentdod: "https://dod-graph.microsoft.us",
  china: "https://microsoftgraph.chinacloudapi.cn",
};

const emulators = new Map<Cloud, Emulator>();

beforeAll(async () => {
  for (const cloud of CLOUDS) {
    emulators.set(cloud, await startEmulator({ cloud }));
  }
});

afterAll(async () => {
  await Promise.all([...emulators.values()].map((emulator) => emulator.close()));
});

async function tokenFor(emulator: Emulator, cloud: Cloud): Promise<{ token: string; servicePrincipalId: string }> {
  const app = emulator.registerApp({ roles: ["Synchronization.ReadWrite.All"] });
  const servicePrincipalId = emulator.createServicePrincipal();
  const settings = emulatorSettings(emulator, {
    "graphsync:cloud": cloud,
    "graphsync:tenantId": emulator.tenantId,
    "graphsync:clientId": app.clientId,
    "graphsync:clientSecret": app.clientSecret ?? "",
  });
  return { token: await createAccessTokenSource(settings).getAccessToken(), servicePrincipalId };
}

describe("national clouds against the emulator", () => {
  for (const cloud of CLOUDS) {
    it(`requests the token for ${GRAPH[cloud]} in the ${cloud} cloud, and that cloud's Graph accepts it`, async () => {
      const emulator = emulators.get(cloud);
      if (emulator === undefined) throw new Error(`no emulator for ${cloud}`);
      const { token, servicePrincipalId } = await tokenFor(emulator, cloud);
      expect(claimsOf(token).aud).toBe(GRAPH[cloud]);
      expect(await graphStatus(emulator, token, servicePrincipalId)).toBe(200);
    });

    const other: Cloud = cloud === "public" ? "usgovernment" : "public";
    it(`gets a ${other} token rejected by the ${cloud} cloud's Graph`, async () => {
      const emulator = emulators.get(cloud);
      if (emulator === undefined) throw new Error(`no emulator for ${cloud}`);
      const { token, servicePrincipalId } = await tokenFor(emulator, other);
      expect(claimsOf(token).aud).toBe(GRAPH[other]);
      expect(await graphStatus(emulator, token, servicePrincipalId)).toBe(401);
    });
  }
});
