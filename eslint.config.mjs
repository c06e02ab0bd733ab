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
    // The shim's module.exports is the provider object (so Pulumi stores it as a require by package name): it is
    // written and imported with `export =` / `import = require()`; its methods and the lifecycle load code lazily.
    files: [
      "provider/shim.ts", "provider/synchronizationSecrets.ts", "provider/lifecycle/**/*.ts",
      "provider/jobs/shim.ts", "provider/jobs/synchronizationJob.ts", "provider/jobs/operations.ts",
    ],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Plain CommonJS fixtures: loaded with Node's own loader, so Pulumi serializes them as written.
    files: ["test/engine/fixtures/**/*.{js,cjs}"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
