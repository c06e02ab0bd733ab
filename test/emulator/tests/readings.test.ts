import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BELIEF_VALUES, Emulator, EmulatorControlError, EMULATOR_READINGS, startEmulator } from "../index";
import { rawRequest, RawResponse, requireRunCertificateAuthority } from "./support/rawHttps";

describe("the readings list", () => {
  it("names every reading once, with a tag and a source", () => {
    const names = EMULATOR_READINGS.map((reading) => reading.name);
    expect(new Set(names).size).toBe(names.length);
    for (const reading of EMULATOR_READINGS) {
      expect(["documented", "observed", "inferred", "assumed"]).toContain(reading.tag);
      expect(reading.source.length).toBeGreaterThan(0);
      expect(reading.summary.length).toBeGreaterThan(0);
      expect(Object.keys(reading.options)).toEqual([reading.belief]);
    }
  });

  it("covers every value of every enumerated belief, and has one default per belief", () => {
    for (const [belief, values] of Object.entries(BELIEF_VALUES)) {
      const readings = EMULATOR_READINGS.filter((reading) => reading.belief === belief);
      const selected = readings.map((reading) => (reading.options as Record<string, unknown>)[belief]);
      expect(selected.sort()).toEqual([...values].sort());
      expect(readings.filter((reading) => reading.isDefault)).toHaveLength(1);
    }
  });

  it("marks today's behaviour as the defaults", () => {
    const defaults = EMULATOR_READINGS.filter((reading) => reading.isDefault).map((reading) => reading.name).sort();
    expect(defaults).toEqual([
      "denied-401-unknown-error",
      "error-echo-none",
      "json-empty-object-kept",
      "json-empty-string-rejected",
      "json-keys-observed",
      "json-read-as-written",
      "masked-default",
      "owned-by-reads-secrets",
      "put-204",
      "put-merge",
      "replication-404",
      "throttled-free",
    ]);
  });

  it("is the table the README shows: every reading on its own row, with its tag", () => {
    const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
    for (const reading of EMULATOR_READINGS) {
      const row = readme.split("\n").find((line) => line.includes(`| \`${reading.name}\``));
      expect(row, reading.name).toBeDefined();
      expect(row).toContain(`| ${reading.tag} |`);
      expect(row).toContain(`| \`${reading.belief}\` |`);
    }
  });

  it("tags the documented and observed readings as the reference does", () => {
    const tagOf = (name: string) => EMULATOR_READINGS.find((reading) => reading.name === name)?.tag;
    expect(tagOf("put-204")).toBe("documented");
    expect(tagOf("throttled-costs-a-token")).toBe("documented");
    expect(tagOf("json-empty-string-rejected")).toBe("observed");
    expect(tagOf("masked-observed-only")).toBe("observed");
    expect(tagOf("put-replace")).toBe("inferred");
    expect(tagOf("json-read-normalized")).toBe("assumed");
  });
});

describe("selecting readings", () => {
  let emulator: Emulator;

  const control = (method: string, path: string, body?: unknown): Promise<RawResponse> =>
    rawRequest(`${emulator.origin}/_emulator${path}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  beforeAll(async () => {
    requireRunCertificateAuthority();
    emulator = await startEmulator();
  });

  afterAll(async () => {
    await emulator.close();
  });

  it("starts with the defaults", () => {
    expect(emulator.behaviour).toMatchObject({
      putSemantics: "merge",
      replicationAnswer: "404-not-found",
      jsonValuedKeys: ["SyncNotificationSettings"],
      jsonEmptyString: "rejected",
      jsonEmptyObject: "kept",
      jsonValueOnRead: "as-written",
      errorEcho: "none",
      throttledRequestCost: "nothing",
      putSuccessStatus: 204,
      ownedByReadsSecrets: true,
      permissionDenied: "401-unknown-error",
    });
  });

  it("takes a reading's options at start", async () => {
    const replacing = await startEmulator({ putSemantics: "replace", errorEcho: "json-field" });
    try {
      expect(replacing.behaviour).toMatchObject({ putSemantics: "replace", errorEcho: "json-field", pageSize: 100 });
    } finally {
      await replacing.close();
    }
  });

  it("applies a reading by name in-process, keeping the other settings", () => {
    emulator.configure({ pageSize: 3 });
    try {
      expect(emulator.applyReading("put-replace")).toMatchObject({ putSemantics: "replace", pageSize: 3 });
      expect(emulator.applyReading("masked-observed-only").maskedKeys).toEqual(["Password", "SecretToken"]);
    } finally {
      emulator.applyReading("put-merge");
      emulator.applyReading("masked-default");
      emulator.configure({ pageSize: 100 });
    }
  });

  it("refuses an unknown reading with a 404 EmulatorControlError that lists the names", () => {
    let error: unknown;
    try {
      emulator.applyReading("put-upsert");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EmulatorControlError);
    expect((error as EmulatorControlError).status).toBe(404);
    expect((error as Error).message).toContain("put-merge, put-replace");
  });

  it("refuses a misspelt setting or value instead of keeping the default silently", async () => {
    expect(() => emulator.configure({ putSemantics: "upsert" as never })).toThrow("'putSemantics' must be one of \"merge\", \"replace\".");
    expect(() => emulator.configure({ putSemantic: "replace" } as never)).toThrow("'putSemantic' is not a behaviour setting.");
    expect(() => emulator.configure({ jsonKeyRules: { Domain: { emptyString: "ignored" } } } as never)).toThrow(
      "'jsonEmptyString' must be one of",
    );
    await expect(startEmulator({ replicationAnswer: "418" as never })).rejects.toThrow("'replicationAnswer' must be one of");
    expect(emulator.behaviour.putSemantics).toBe("merge");
  });

  it("lists and applies readings over HTTP", async () => {
    const listed = await control("GET", "/readings");
    expect(listed.status).toBe(200);
    expect((listed.json as Array<{ name: string }>).map((reading) => reading.name)).toEqual(
      EMULATOR_READINGS.map((reading) => reading.name),
    );
    const applied = await control("POST", "/readings/replication-409-concurrency-violation");
    expect(applied.status).toBe(201);
    expect(applied.json).toMatchObject({ replicationAnswer: "409-concurrency-violation" });
    expect(emulator.behaviour.replicationAnswer).toBe("409-concurrency-violation");
    expect((await control("POST", "/readings/nope")).status).toBe(404);
    const patched = await control("PATCH", "/behaviour", { throttledRequestCost: "free" });
    expect(patched.status).toBe(400);
    expect((patched.json as { error: { message: string } }).error.message).toContain("'throttledRequestCost'");
    expect((await control("POST", "/readings/replication-404")).status).toBe(201);
  });
});
