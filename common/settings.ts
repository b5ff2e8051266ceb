/**
 * One schema for configuration from files and the environment: each setting
 * names its key (as in the properties or TOML file), an optional environment
 * variable that overrides it, a default, and a parser whose error message
 * says what was expected.
 */
export interface Setting<T> {
  readonly key: string;
  readonly env?: string;
  readonly defaultValue: T;
  /** Throws an Error whose message completes "expected ..." */
  parse(raw: string): T;
}

export type SettingsSchema = Record<string, Setting<unknown>>;
export type SettingsOf<S extends SettingsSchema> = { [K in keyof S]: S[K] extends Setting<infer T> ? T : never };

export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join("\n  ")}`);
    this.name = "SettingsError";
  }
}

export interface SettingsSources {
  /** Values read from a configuration file, by key. */
  file?: ReadonlyMap<string, string>;
  /** Name of that file, for messages. */
  fileName?: string;
  env?: NodeJS.ProcessEnv;
}

export function loadSettings<S extends SettingsSchema>(schema: S, sources: SettingsSources = {}): SettingsOf<S> {
  const env = sources.env ?? process.env;
  const problems: string[] = [];
  const result: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries(schema)) {
    const fromEnv = setting.env === undefined ? undefined : env[setting.env];
    const fromFile = sources.file?.get(setting.key);
    const raw = fromEnv ?? fromFile;
    if (raw === undefined) {
      result[name] = setting.defaultValue;
      continue;
    }
    const origin = fromEnv !== undefined ? `environment variable ${setting.env}` : (sources.fileName ?? "configuration file");
    try {
      result[name] = setting.parse(raw.trim());
    } catch (error) {
      problems.push(`${setting.key} (from ${origin}): expected ${(error as Error).message}, got ${JSON.stringify(raw)}`);
    }
  }
  if (problems.length > 0) throw new SettingsError(problems);
  return result as SettingsOf<S>;
}

interface SettingOptions<T> {
  env?: string;
  default: T;
}

export function integerSetting(key: string, options: SettingOptions<number> & { min: number; max: number }): Setting<number> {
  return {
    key,
    env: options.env,
    defaultValue: options.default,
    parse(raw) {
      const value = /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isSafeInteger(value) || value < options.min || value > options.max) {
        throw new Error(`an integer from ${options.min} to ${options.max}`);
      }
      return value;
    },
  };
}

export function portSetting(key: string, options: SettingOptions<number>): Setting<number> {
  return integerSetting(key, { ...options, min: 0, max: 65535 });
}

export function stringSetting(key: string, options: SettingOptions<string> & { allowEmpty?: boolean }): Setting<string> {
  return {
    key,
    env: options.env,
    defaultValue: options.default,
    parse(raw) {
      if (raw === "" && options.allowEmpty !== true) throw new Error("a non-empty value");
      return raw;
    },
  };
}

export function booleanSetting(key: string, options: SettingOptions<boolean>): Setting<boolean> {
  return {
    key,
    env: options.env,
    defaultValue: options.default,
    parse(raw) {
      const lower = raw.toLowerCase();
      if (lower === "true") return true;
      if (lower === "false") return false;
      throw new Error("true or false");
    },
  };
}

export function enumSetting<T extends string>(key: string, values: readonly T[], options: SettingOptions<T>): Setting<T> {
  return {
    key,
    env: options.env,
    defaultValue: options.default,
    parse(raw) {
      const match = values.find((value) => value === raw.toLowerCase());
      if (match === undefined) throw new Error(`one of ${values.join(", ")}`);
      return match;
    },
  };
}
