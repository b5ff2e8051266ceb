/**
 * One schema for configuration from files and the environment: each setting
 * names its key (as in the properties or TOML file), an optional environment
 * variable that overrides it, a default, and a parser whose error message
 * says what was expected.
 */
export interface Setting<T> {
  readonly key: string;
  /** Other spellings of the key that a file may use; the key itself wins over them. */
  readonly aliases?: readonly string[];
  /** A key this setting replaced: read, with its own parser, only when no other spelling is set. */
  readonly deprecatedKey?: DeprecatedKey<T>;
  readonly env?: string;
  readonly defaultValue: T;
  /** A secret's value is never echoed in messages. */
  readonly secret?: boolean;
  /** Throws an Error whose message completes "expected ..." */
  parse(raw: string): T;
}

export interface DeprecatedKey<T> {
  readonly key: string;
  /** Reads the old key's value in the new setting's unit. */
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
  /** Line of each key in that file, for messages. */
  fileLines?: ReadonlyMap<string, number>;
  env?: NodeJS.ProcessEnv;
}

/** Every key a file may set `setting` under, the one used first when several are set. */
export function fileKeys(setting: Setting<unknown>): string[] {
  return [setting.key, ...(setting.aliases ?? []), ...(setting.deprecatedKey === undefined ? [] : [setting.deprecatedKey.key])];
}

/** The key `setting` is read from in `file`, if the file sets it at all. */
export function keyUsedIn(setting: Setting<unknown>, file: ReadonlyMap<string, string>): string | undefined {
  return fileKeys(setting).find((key) => file.has(key));
}

/** Resolves every setting: its environment variable, else the file, else the default. */
export function loadSettings<S extends SettingsSchema>(schema: S, sources: SettingsSources = {}): SettingsOf<S> {
  const problems: string[] = [];
  const result: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries(schema)) {
    const found = findRawValue(setting, sources);
    if (found === undefined) {
      result[name] = setting.defaultValue;
      continue;
    }
    try {
      result[name] = found.parse(found.raw.trim());
    } catch (error) {
      const got = setting.secret === true ? "" : `, got ${JSON.stringify(found.raw)}`;
      problems.push(`${found.key} (from ${found.origin}): expected ${(error as Error).message}${got}`);
    }
  }
  if (problems.length > 0) throw new SettingsError(problems);
  return result as SettingsOf<S>;
}

interface RawValue {
  key: string;
  raw: string;
  origin: string;
  parse(raw: string): unknown;
}

function findRawValue(setting: Setting<unknown>, sources: SettingsSources): RawValue | undefined {
  const parse = (raw: string) => setting.parse(raw);
  const fromEnv = setting.env === undefined ? undefined : (sources.env ?? process.env)[setting.env];
  if (fromEnv !== undefined) return { key: setting.key, raw: fromEnv, origin: `environment variable ${setting.env}`, parse };
  const key = sources.file === undefined ? undefined : keyUsedIn(setting, sources.file);
  const raw = key === undefined ? undefined : sources.file?.get(key);
  if (key === undefined || raw === undefined) return undefined;
  const line = sources.fileLines?.get(key);
  const origin = `${sources.fileName ?? "configuration file"}${line === undefined ? "" : ` line ${line}`}`;
  const deprecated = setting.deprecatedKey;
  return { key, raw, origin, parse: key === deprecated?.key ? (value) => deprecated.parse(value) : parse };
}

interface SettingOptions<T> {
  env?: string;
  default: T;
  aliases?: readonly string[];
}

function defineSetting<T>(key: string, options: SettingOptions<T>, parse: (raw: string) => T): Setting<T> {
  return { key, aliases: options.aliases, env: options.env, defaultValue: options.default, parse };
}

/** Parses a whole decimal number within [min, max]; the error completes "expected ...". */
export function parseInteger(raw: string, min: number, max: number): number {
  const value = /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new Error(`an integer from ${min} to ${max}`);
  return value;
}

export function integerSetting(key: string, options: SettingOptions<number> & { min: number; max: number }): Setting<number> {
  return defineSetting(key, options, (raw) => parseInteger(raw, options.min, options.max));
}

/** An integer that may be left unset (or set empty), which means "off". */
export function optionalIntegerSetting(
  key: string,
  options: Omit<SettingOptions<undefined>, "default"> & { min: number; max: number },
): Setting<number | undefined> {
  return defineSetting<number | undefined>(key, { ...options, default: undefined }, (raw) =>
    raw === "" ? undefined : parseInteger(raw, options.min, options.max),
  );
}

export function portSetting(key: string, options: SettingOptions<number>): Setting<number> {
  return integerSetting(key, { ...options, min: 0, max: 65535 });
}

export interface StringSettingOptions extends SettingOptions<string> {
  allowEmpty?: boolean;
  secret?: boolean;
  /** Characters allowed, and how to say so after "expected". */
  allowed?: { pattern: RegExp; description: string };
}

export function stringSetting(key: string, options: StringSettingOptions): Setting<string> {
  const setting = defineSetting(key, options, (raw) => {
    if (raw === "" && options.allowEmpty !== true) throw new Error("a non-empty value");
    if (options.allowed !== undefined && !options.allowed.pattern.test(raw)) throw new Error(options.allowed.description);
    return raw;
  });
  return { ...setting, secret: options.secret };
}

export function booleanSetting(key: string, options: SettingOptions<boolean>): Setting<boolean> {
  return defineSetting(key, options, (raw) => {
    const lower = raw.toLowerCase();
    if (lower === "true") return true;
    if (lower === "false") return false;
    throw new Error("true or false");
  });
}

export function enumSetting<T extends string>(key: string, values: readonly T[], options: SettingOptions<T>): Setting<T> {
  return defineSetting(key, options, (raw) => {
    const match = values.find((value) => value === raw.toLowerCase());
    if (match === undefined) throw new Error(`one of ${values.join(", ")}`);
    return match;
  });
}
