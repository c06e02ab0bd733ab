import { describe, expect, it } from "vitest";
import { createDebugLogger, isDebugRequested } from "../../../provider/diagnostics/debugLogger";

describe("createDebugLogger", () => {
  it("writes lines when enabled by option", () => {
    const lines: string[] = [];
    const logger = createDebugLogger({ enabled: true, write: (line) => lines.push(line), env: {} });
    logger.log("one");
    expect(logger.enabled).toBe(true);
    expect(lines).toEqual(["one"]);
  });

  it("writes nothing when disabled", () => {
    const lines: string[] = [];
    const logger = createDebugLogger({ enabled: false, write: (line) => lines.push(line), env: { GRAPHSYNC_DEBUG: "1" } });
    logger.log("one");
    expect(logger.enabled).toBe(false);
    expect(lines).toEqual([]);
  });

  it.each([["1"], ["true"], ["TRUE"], [" true "]])("is enabled by GRAPHSYNC_DEBUG=%j", (value) => {
    const lines: string[] = [];
    const logger = createDebugLogger({ write: (line) => lines.push(line), env: { GRAPHSYNC_DEBUG: value } });
    logger.log("x");
    expect(lines).toEqual(["x"]);
  });

  it.each([["0"], ["false"], ["yes"], [""]])("stays off for GRAPHSYNC_DEBUG=%j", (value) => {
    expect(isDebugRequested({ GRAPHSYNC_DEBUG: value })).toBe(false);
  });

  it("stays off when the variable is absent", () => {
    expect(createDebugLogger({ env: {} }).enabled).toBe(false);
  });
});
