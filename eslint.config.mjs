// Flat config: ESLint's recommended rules plus typescript-eslint's, and the few house rules the code relies on.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
  { ignores: ["dist/**", "node_modules/**", "examples/**/node_modules/**", "bench/.work/**", "coverage/**"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", require: "readonly", module: "readonly", __dirname: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      // Library code never writes to the console: diagnostics go through the debug logger, which redacts.
      "no-console": "off",
    },
  },
  {
    files: ["provider/**/*.ts"],
    rules: { "no-console": "error" },
  },
  {
    // The shim's method bodies call require() on purpose: Pulumi serializes them verbatim and they must load
    // the implementation by package name in the provider process.
    files: ["provider/shim.ts", "provider/lifecycle/**/*.ts"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
