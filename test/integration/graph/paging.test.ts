import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canaryValue, GraphFixture } from "./graphFixture";

let fixture: GraphFixture;

beforeAll(async () => {
  fixture = await GraphFixture.start();
});

afterAll(async () => {
  await fixture.close();
});

describe("Graph client paging against the emulator", () => {
  it("writes secrets and reads them back across pages, masked values as Graph masks them", async () => {
    fixture.emulator.configure({ pageSize: 2 });
    const sp = fixture.servicePrincipal();
    const token = canaryValue();
    const client = fixture.client();
    await client.putSecrets(sp, "beta", [
      { key: "BaseAddress", value: "https://scim.example.test/v2" },
      { key: "SecretToken", value: token },
      { key: "SyncAll", value: "false" },
      { key: "SyncNotificationSettings", value: '{"Enabled":false,"DeleteThresholdEnabled":false}' },
      { key: "Domain", value: '{"domain":"contoso.com"}' },
    ]);
    const pairs = await client.listSecrets(sp, "beta");
    expect(new Map(pairs.map((pair) => [pair.key, pair.value]))).toEqual(
      new Map([
        ["BaseAddress", "https://scim.example.test/v2"],
        ["SecretToken", "*"],
        ["SyncAll", "false"],
        ["SyncNotificationSettings", '{"Enabled":false,"DeleteThresholdEnabled":false}'],
        ["Domain", '{"domain":"contoso.com"}'],
      ]),
    );
    const gets = (await fixture.requestsFor(sp)).filter((entry) => entry.method === "GET");
    expect(gets.map((entry) => entry.status)).toEqual([200, 200, 200]);
    expect(gets.slice(1).every((entry) => entry.path.includes("$skiptoken="))).toBe(true);
    // The debug lines of the follow-up pages show the parameter, never its value.
    const pageLines = fixture.logLines.filter((line) => line.includes(sp) && line.includes("$skiptoken"));
    expect(pageLines).toHaveLength(2);
    expect(pageLines.every((line) => line.includes("$skiptoken=[REDACTED]"))).toBe(true);
    expect(fixture.logLines.some((line) => line.includes(token))).toBe(false);
  });

  it("removes a key written with an empty value", async () => {
    fixture.emulator.configure({ pageSize: 100 });
    const sp = fixture.servicePrincipal();
    const client = fixture.client();
    await client.putSecrets(sp, "v1.0", [
      { key: "BaseAddress", value: "https://scim.example.test/v2" },
      { key: "SyncAll", value: "true" },
    ]);
    await client.putSecrets(sp, "v1.0", [{ key: "SyncAll", value: "" }]);
    expect(await client.listSecrets(sp, "v1.0")).toEqual([{ key: "BaseAddress", value: "https://scim.example.test/v2" }]);
  });
});
