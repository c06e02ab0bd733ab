import type { ConfigMap } from "@pulumi/pulumi/automation";
import { startEmulator, type Emulator, type EmulatorOptions, type GraphAppRole, type RegisteredApp } from "../../emulator";

/** An emulator with one app that may write synchronization secrets, and the stack config that points at it. */
export interface EmulatorTenant {
  emulator: Emulator;
  app: RegisteredApp;
  /** The app's client secret: a credential value the leak scans look for. */
  clientSecret: string;
  /** `graphsync:` stack config for a custom cloud whose Graph and Entra endpoints are the emulator. */
  config: ConfigMap;
  /** Creates a service principal the app owns. */
  newServicePrincipal(): string;
}

/** Starts an emulator and registers an app with `roles` (default `Synchronization.ReadWrite.All`). */
export async function startEmulatorTenant(
  options: EmulatorOptions = {},
  roles: readonly GraphAppRole[] = ["Synchronization.ReadWrite.All"],
): Promise<EmulatorTenant> {
  const emulator = await startEmulator(options);
  const app = emulator.registerApp({ roles });
  const clientSecret = app.clientSecret;
  if (!clientSecret) {
    throw new Error("the emulator registered the app without a client secret");
  }
  return {
    emulator,
    app,
    clientSecret,
    config: emulatorStackConfig(emulator, app.clientId, clientSecret),
    newServicePrincipal: () => emulator.createServicePrincipal({ owners: [app.clientId] }),
  };
}

/** The stack config of a custom cloud whose Graph and Entra endpoints are the emulator: endpoints only, no credential. */
export function emulatorEndpointConfig(emulator: Emulator): ConfigMap {
  return {
    "graphsync:cloud": { value: "custom" },
    "graphsync:graphEndpoint": { value: emulator.graphEndpoint },
    "graphsync:authorityHost": { value: emulator.authorityHost },
  };
}

/** The stack config a user sets to point the provider at an emulator (or any custom cloud). */
export function emulatorStackConfig(emulator: Emulator, clientId: string, clientSecret: string): ConfigMap {
  return {
    ...emulatorEndpointConfig(emulator),
    "graphsync:tenantId": { value: emulator.tenantId },
    "graphsync:clientId": { value: clientId },
    "graphsync:clientSecret": { value: clientSecret, secret: true },
  };
}
