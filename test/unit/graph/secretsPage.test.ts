import { describe, expect, it } from "vitest";
import { parseSecretsPage } from "../../../provider/graph/secretsPage";

describe("parseSecretsPage", () => {
  it("reads the pairs and the next-page link", () => {
    const body = JSON.stringify({
      "@odata.context": "x",
      value: [
        { key: "BaseAddress", value: "https://scim.example.test" },
        { key: "SecretToken", value: "*" },
      ],
      "@odata.nextLink": "https://graph.example.test/v1.0/next",
    });
    expect(parseSecretsPage(body)).toEqual({
      pairs: [
        { key: "BaseAddress", value: "https://scim.example.test" },
        { key: "SecretToken", value: "*" },
      ],
      nextLink: "https://graph.example.test/v1.0/next",
    });
  });

  it("reads an empty listing", () => {
    expect(parseSecretsPage('{"value":[]}')).toEqual({ pairs: [] });
  });

  it("keeps a key listed without a value as empty, and other values as JSON text", () => {
    expect(parseSecretsPage('{"value":[{"key":"A","value":null},{"key":"B","value":{"x":1}}]}')).toEqual({
      pairs: [
        { key: "A", value: "" },
        { key: "B", value: '{"x":1}' },
      ],
    });
  });

  it.each([
    ["", "empty"],
    ["<html>", "not JSON"],
    ["[]", "not a JSON object"],
    ['{"values":[]}', '"value" array'],
    ['{"value":[{"value":"v"}]}', "{key, value} pair"],
    ['{"value":[], "@odata.nextLink": 3}', "nextLink"],
  ])("describes what is wrong with %j without quoting it", (body, problem) => {
    const result = parseSecretsPage(body);
    expect("problem" in result && result.problem).toContain(problem);
  });
});
