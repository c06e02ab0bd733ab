import type { PulumiFn } from "@pulumi/pulumi/automation";

/** Which provider a stack is made of: ours, or the engine floor. */
export type SubjectName = "ours" | "floor";

/** What one resource of a fleet declares, whatever its provider. */
export interface SecretsDeclaration {
  /** The service principal written to; distinct for every resource of every fleet. */
  readonly servicePrincipalId: string;
  /** The `BaseAddress` value; it changes with the fleet's revision, which is how an update is made. */
  readonly baseAddress: string;
  /** The `SecretToken` value: a credential value that must never show in a report or log. */
  readonly secretToken: string;
}

/** Declares one resource of a subject inside a Pulumi program. */
export type DeclareResource = (name: string, declaration: SecretsDeclaration) => void;

/** Reads what the emulator stores for a service principal. */
export type StoredSecretsReader = (servicePrincipalId: string) => Readonly<Record<string, string>> | undefined;

/**
 * The resources one benchmark stack declares: `size` resources of one subject, each on its own service principal,
 * with values that depend on the revision. The program reads `size` and `revision` each time it runs, so one stack
 * can be grown, updated and emptied between operations.
 */
export class Fleet {
  #size: number;
  #revision = 1;

  /**
   * @param subject - the provider the resources use
   * @param principals - one service principal per resource the fleet may ever hold
   * @param declareResource - declares one resource of the subject
   * @param tokenPrefix - the start of every `SecretToken` value (a random string, so a leak scan can find them)
   */
  constructor(
    readonly subject: SubjectName,
    readonly principals: readonly string[],
    private readonly declareResource: DeclareResource,
    readonly tokenPrefix: string,
  ) {
    this.#size = principals.length;
  }

  /** How many resources the program declares. */
  get size(): number {
    return this.#size;
  }

  /** The revision of the declared values; bumping it changes every `BaseAddress`. */
  get revision(): number {
    return this.#revision;
  }

  /**
   * Sets how many resources the program declares.
   *
   * @throws RangeError when the fleet has fewer service principals than that
   */
  resize(size: number): void {
    if (!Number.isInteger(size) || size < 0 || size > this.principals.length) {
      throw new RangeError(`a fleet of ${this.principals.length} service principals cannot declare ${size} resources`);
    }
    this.#size = size;
  }

  /** Changes every declared `BaseAddress`, so the next `up` updates every resource. */
  revise(): void {
    this.#revision += 1;
  }

  /** What resource `index` declares at the current revision. */
  declaration(index: number): SecretsDeclaration {
    const servicePrincipalId = this.principals[index];
    if (servicePrincipalId === undefined) {
      throw new RangeError(`the fleet has no service principal ${index}`);
    }
    return {
      servicePrincipalId,
      baseAddress: `https://scim.bench.example/${this.subject}/${index}/r${this.#revision}`,
      secretToken: `${this.tokenPrefix}-${index}`,
    };
  }

  /** Every `SecretToken` value the fleet declares: what a leak scan looks for. */
  secretValues(): string[] {
    return this.principals.map((_, index) => this.declaration(index).secretToken);
  }

  /** The Pulumi program: the declared resources, read afresh on every run. */
  get program(): PulumiFn {
    return async () => {
      for (let index = 0; index < this.#size; index += 1) {
        this.declareResource(`secrets-${index}`, this.declaration(index));
      }
    };
  }

  /** How many of the declared resources' service principals hold the declared values now. */
  countWritten(stored: StoredSecretsReader): number {
    let written = 0;
    for (let index = 0; index < this.#size; index += 1) {
      const declared = this.declaration(index);
      const secrets = stored(declared.servicePrincipalId);
      if (secrets?.["BaseAddress"] === declared.baseAddress && secrets["SecretToken"] === declared.secretToken) {
        written += 1;
      }
    }
    return written;
  }

  /** How many of the fleet's service principals hold neither key (what a destroy leaves). */
  countCleared(stored: StoredSecretsReader): number {
    return this.principals.filter((id) => {
      const secrets = stored(id);
      return secrets?.["BaseAddress"] === undefined && secrets?.["SecretToken"] === undefined;
    }).length;
  }
}
